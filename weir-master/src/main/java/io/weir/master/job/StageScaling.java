package io.weir.master.job;

import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobDetails;
import io.weir.core.model.WorkerState;
import io.weir.master.scheduler.ReservationType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changes a stage's size: up adds workers at new indexes, down stops the highest indexes. Owned by the control loop. */
final class StageScaling {

    private static final Logger log = LoggerFactory.getLogger(StageScaling.class);

    private final ActiveJobs jobs;
    private final JobLifecycle lifecycle;
    private final Clock clock;

    StageScaling(ActiveJobs jobs, JobLifecycle lifecycle, Clock clock) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    JobDetails scale(Job job, int stage, int numWorkers, String reason) {
        var s = job.stage(stage);
        if (s == null) {
            throw new InvalidDefinitionException("StageNumber: " + stage + " (expected: 1.." + job.record().definition().stages().size() + ")");
        }
        if (!s.scalable()) {
            throw new InvalidDefinitionException("stage " + stage + " of " + job.id() + " is not scalable: set \"scalable\": true with min/max in the job cluster's stage definition");
        }
        if (numWorkers < s.min() || numWorkers > s.max()) {
            throw new InvalidDefinitionException("NumWorkers: " + numWorkers + " (expected: between min " + s.min() + " and max " + s.max() + " of stage " + stage + ")");
        }
        int old = s.numWorkers();
        if (numWorkers == old) {
            return job.details();
        }
        lifecycle.admit(Math.max(0, numWorkers - old), job.targetWorkers() - old + numWorkers, "job " + job.id() + " after scaling");
        var change = new JobChange(clock.millis());
        var stages = new TreeMap<>(job.record().definition().stages());
        stages.put(stage, s.withNumWorkers(numWorkers));
        change.updateJob(job, job.record().withDefinition(job.record().definition().withStages(stages)));
        var added = new ArrayList<WorkerRecord>();
        boolean removedWaiting = false;
        if (numWorkers > old) {
            for (int i = old; i < numWorkers; i++) {
                if (job.inSlot(stage, i) == null) {
                    var w = WorkerRecord.accepted(job.id(), job.allocateWorkerNumber(), stage, i, null, 0, change.now());
                    added.add(w);
                    change.insertWorker(job, w);
                }
            }
        } else {
            for (var w : job.liveWorkers()) {
                if (w.stage() == stage && w.workerIndex() >= numWorkers) {
                    removedWaiting |= w.state() == WorkerState.Accepted;
                    change.updateWorker(job, w.withState(WorkerState.Completed, "scaled down" + (reason == null ? "" : ": " + reason), change.now()));
                    change.thenSchedule(() -> jobs.terminate(w));
                }
            }
        }
        if (!added.isEmpty()) {
            change.thenSchedule(() -> jobs.reserve(job, stage, ReservationType.SCALE, added));
        } else if (removedWaiting) {
            change.thenSchedule(() -> {
                var stillWaiting = job.liveWorkers().stream().filter(w -> w.stage() == stage && w.state() == WorkerState.Accepted).toList();
                if (stillWaiting.isEmpty()) {
                    jobs.scheduler().cancelReservation(job.id(), stage);
                } else {
                    jobs.reserve(job, stage, ReservationType.SCALE, stillWaiting);
                }
            });
        }
        jobs.commit(change);
        log.info("Scaled {} stage {} from {} to {} workers", job.id(), stage, old, numWorkers);
        return job.details();
    }
}
