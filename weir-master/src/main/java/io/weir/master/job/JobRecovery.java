package io.weir.master.job;

import io.weir.core.model.JobState;
import io.weir.core.model.MachineDefinition;
import io.weir.core.model.WorkerState;
import io.weir.master.scheduler.ReservationType;
import io.weir.master.scheduler.WorkerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * Rebuilds active jobs from the store after a start: live workers keep their placement and get a fresh grace, the
 * limiter replays every slot's stored failures (a crash-looping job does not start over), empty slots are filled after
 * what is left of their delay, and unplaced workers are reserved again. Owned by the control loop.
 */
final class JobRecovery {

    private final ActiveJobs jobs;
    private final WorkerReplacement replacement;
    private final SlotLimits limits;
    private final Clock clock;

    JobRecovery(ActiveJobs jobs, WorkerReplacement replacement, SlotLimits limits, Clock clock) {
        this.jobs = jobs;
        this.replacement = replacement;
        this.limits = limits;
        this.clock = clock;
    }

    void recover(List<JobRecord> active, List<WorkerRecord> workers) {
        long now = clock.millis();
        var byJob = new HashMap<String, List<WorkerRecord>>();
        workers.forEach(w -> byJob.computeIfAbsent(w.jobId(), k -> new ArrayList<>()).add(w));
        for (var record : active) {
            var ws = byJob.getOrDefault(record.jobId(), List.of());
            int next = ws.stream().mapToInt(WorkerRecord::workerNumber).max().orElse(0) + 1;
            var job = new Job(record, next);
            ws.stream().sorted(Comparator.comparingInt(WorkerRecord::workerNumber)).forEach(w -> job.put(w, now));
            ws.stream().filter(w -> w.state() == WorkerState.Failed && w.endedAt() != null)
                    .sorted(Comparator.comparingLong(WorkerRecord::endedAt))
                    .forEach(w -> limits.onFailure(w.jobId() + "/" + w.slot(), w.failure(), w.endedAt()));
            for (var w : job.liveWorkers()) {
                if (w.taskExecutorId() != null) {
                    var s = record.definition().stages().get(w.stage());
                    jobs.scheduler().recoverPlacement(new WorkerRequest(w.jobId(), w.workerNumber(), w.stage(), w.workerIndex()),
                            w.taskExecutorId(), s == null ? MachineDefinition.DEFAULT : s.machine(), w.ports().data());
                }
            }
            jobs.open(job);
            var change = new JobChange(now);
            record.definition().stages().forEach((stage, s) -> {
                var waiting = new ArrayList<WorkerRecord>();
                for (int i = 0; i < s.numWorkers(); i++) {
                    var w = job.inSlot(stage, i);
                    var last = job.lastInSlot(stage, i);
                    if (w == null) {
                        long delay = last == null ? 0 : limits.remainingMillis(record.jobId() + "/" + last.slot(), now);
                        if (last != null && delay > 0) {
                            replacement.replaceAfter(job, last, delay);
                            continue;
                        }
                        var created = last == null
                                ? WorkerRecord.accepted(record.jobId(), job.allocateWorkerNumber(), stage, i, null, 0, now)
                                : last.replacement(job.allocateWorkerNumber(), now);
                        change.insertWorker(job, created);
                        waiting.add(created);
                    } else if (w.state() == WorkerState.Accepted) {
                        waiting.add(w);
                    }
                }
                var type = record.state() == JobState.Accepted && waiting.stream().allMatch(w -> w.resubmitOf() == null)
                        ? ReservationType.NEW_JOB : ReservationType.REPLACE;
                change.thenSchedule(() -> jobs.reserve(job, stage, type, waiting));
            });
            jobs.commit(change);
        }
    }
}
