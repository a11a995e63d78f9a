package io.weir.master.job;

import io.weir.core.model.JobDetails;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.StageDefinition;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An active job in memory: its record, its live workers and their last heartbeats. Owned by the control loop. */
final class Job {

    private JobRecord record;
    private final Map<Integer, WorkerRecord> live = new HashMap<>();
    private final Map<Integer, Long> lastHeartbeat = new HashMap<>();
    private int nextWorkerNumber;

    Job(JobRecord record, int nextWorkerNumber) {
        this.record = record;
        this.nextWorkerNumber = nextWorkerNumber;
    }

    JobRecord record() {
        return record;
    }

    void record(JobRecord r) {
        this.record = r;
    }

    String id() {
        return record.jobId();
    }

    int allocateWorkerNumber() {
        return nextWorkerNumber++;
    }

    StageDefinition stage(int stage) {
        return record.definition().stages().get(stage);
    }

    Collection<WorkerRecord> liveWorkers() {
        return live.values();
    }

    WorkerRecord worker(int workerNumber) {
        return live.get(workerNumber);
    }

    /** Puts the new version of a worker; terminal ones leave memory (the store keeps them). */
    void put(WorkerRecord w, long now) {
        if (w.isLive()) {
            if (!live.containsKey(w.workerNumber())) {
                lastHeartbeat.put(w.workerNumber(), now);
            }
            live.put(w.workerNumber(), w);
        } else {
            live.remove(w.workerNumber());
            lastHeartbeat.remove(w.workerNumber());
        }
    }

    void heartbeat(int workerNumber, long now) {
        lastHeartbeat.computeIfPresent(workerNumber, (k, v) -> now);
    }

    long lastHeartbeat(int workerNumber) {
        return lastHeartbeat.getOrDefault(workerNumber, Long.MAX_VALUE);
    }

    /** The live worker in slot (stage, index), or null. */
    WorkerRecord inSlot(int stage, int index) {
        for (var w : live.values()) {
            if (w.stage() == stage && w.workerIndex() == index) {
                return w;
            }
        }
        return null;
    }

    int targetWorkers() {
        return record.definition().stages().values().stream().mapToInt(StageDefinition::numWorkers).sum();
    }

    boolean allStarted() {
        return live.size() == targetWorkers() && live.values().stream().allMatch(w -> w.state() == WorkerState.Started);
    }

    /** The scheduling info: per stage its target size and the workers that are Started, keyed by worker number. */
    JobSchedulingInfo schedulingInfo() {
        var stages = new TreeMap<Integer, WorkerAssignments>();
        record.definition().stages().forEach((n, s) -> stages.put(n, new WorkerAssignments(n, s.numWorkers(), new TreeMap<>())));
        for (var w : live.values()) {
            if (w.state() == WorkerState.Started) {
                var ports = w.ports();
                stages.get(w.stage()).hosts().put(w.workerNumber(), new WorkerHost(w.host(), w.workerIndex(), ports.data(),
                        w.state(), w.workerNumber(), ports.metricsPort(), ports.customPort(), ports.endpoints()));
            }
        }
        return new JobSchedulingInfo(id(), new TreeMap<>(stages));
    }

    JobDetails details() {
        return details(record, live.values());
    }

    static JobDetails details(JobRecord record, Collection<WorkerRecord> workers) {
        var byStage = new TreeMap<Integer, List<JobDetails.Worker>>();
        record.definition().stages().keySet().forEach(n -> byStage.put(n, new ArrayList<>()));
        workers.stream()
                .sorted(Comparator.comparingInt(WorkerRecord::stage).thenComparingInt(WorkerRecord::workerIndex))
                .forEach(w -> byStage.computeIfAbsent(w.stage(), k -> new ArrayList<>()).add(new JobDetails.Worker(
                        w.workerIndex(), w.workerNumber(), w.state(), w.host(), w.ports().data(), w.ports().metricsPort(),
                        w.taskExecutorId(), w.resubmitOf(), w.resubmitCount(), w.reason())));
        var stages = new ArrayList<JobDetails.Stage>();
        byStage.forEach((n, list) -> {
            var def = record.definition().stages().get(n);
            stages.add(new JobDetails.Stage(n, def == null ? list.size() : def.numWorkers(), list));
        });
        return new JobDetails(record.jobId(), record.cluster(), record.state(), record.submittedAt(), record.endedAt(),
                record.reason(), record.definition().parameters(), record.definition().labels(), stages);
    }
}
