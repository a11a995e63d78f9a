package io.weir.master.job;

import io.weir.core.model.JobDetails;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.StageDefinition;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An active job in memory: its record, its live workers with their last heartbeat and the time they entered their
 * state, the last worker and last failure of every slot, the slots whose replacement is due later, why stages
 * wait for placement, and why service workers take no sessions now. Owned by the control loop.
 */
final class Job {

    private JobRecord record;
    private final Map<Integer, WorkerRecord> live = new HashMap<>();
    private final Map<String, WorkerRecord> liveBySlot = new HashMap<>();
    private final Map<Integer, Long> lastHeartbeat = new HashMap<>();
    /** When each live worker was last heard from by this master process (absent: not yet, e.g. after recovery). */
    private final Map<Integer, Long> heardAt = new HashMap<>();
    private final Map<Integer, Long> stateSince = new HashMap<>();
    private final Map<String, WorkerRecord> lastInSlot = new HashMap<>();
    private final Map<String, WorkerRecord> lastFailure = new HashMap<>();
    private final Set<String> replacementDue = new HashSet<>();
    private final Map<Integer, String> waiting = new HashMap<>();
    /** Why a live service worker takes no new sessions, as its last load said (not stored: the next heartbeat tells). */
    private final Map<Integer, String> unavailable = new HashMap<>();
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

    /** Puts the new version of a worker; terminal ones leave the live set but stay the last of their slot. */
    void put(WorkerRecord w, long now) {
        var before = live.get(w.workerNumber());
        if (w.isLive()) {
            if (before == null) {
                lastHeartbeat.put(w.workerNumber(), now);
            }
            if (before == null || before.state() != w.state()) {
                stateSince.put(w.workerNumber(), now);
            }
            live.put(w.workerNumber(), w);
            liveBySlot.put(w.slot(), w);
        } else {
            live.remove(w.workerNumber());
            liveBySlot.remove(w.slot(), before);
            lastHeartbeat.remove(w.workerNumber());
            heardAt.remove(w.workerNumber());
            stateSince.remove(w.workerNumber());
            unavailable.remove(w.workerNumber());
        }
        lastInSlot.merge(w.slot(), w, (a, b) -> b.workerNumber() >= a.workerNumber() ? b : a);
        if (w.state() == WorkerState.Failed) {
            lastFailure.merge(w.slot(), w, (a, b) -> b.workerNumber() >= a.workerNumber() ? b : a);
        }
    }

    void heartbeat(int workerNumber, long now) {
        lastHeartbeat.computeIfPresent(workerNumber, (k, v) -> Math.max(v, now));
        if (live.containsKey(workerNumber)) {
            heardAt.merge(workerNumber, now, Math::max);
        }
    }

    /** Records a live worker's availability from its reported load; true when discovery must hear of a change. */
    boolean availability(int workerNumber, ServiceLoad load) {
        if (!live.containsKey(workerNumber)) {
            return false;
        }
        String reason = load.available() ? null : load.reason() == null || load.reason().isBlank() ? "no reason given" : load.reason();
        String before = reason == null ? unavailable.remove(workerNumber) : unavailable.put(workerNumber, reason);
        return !Objects.equals(before, reason);
    }

    long lastHeartbeat(int workerNumber) {
        return lastHeartbeat.getOrDefault(workerNumber, Long.MAX_VALUE);
    }

    /** When the live worker entered its current state (or the master took it over after a restart). */
    long stateSince(int workerNumber) {
        return stateSince.getOrDefault(workerNumber, Long.MAX_VALUE);
    }

    /** Moves every liveness deadline {@code millis} later: time the master itself was stalled is nobody's silence. */
    void extendDeadlines(long millis) {
        lastHeartbeat.replaceAll((k, v) -> v + millis);
        stateSince.replaceAll((k, v) -> v + millis);
    }

    /** The live worker in slot (stage, index), or null. */
    WorkerRecord inSlot(int stage, int index) {
        return liveBySlot.get(stage + "/" + index);
    }

    /** The newest worker ever put in slot {@code stage/index}, live or not. */
    WorkerRecord lastInSlot(int stage, int index) {
        return lastInSlot.get(stage + "/" + index);
    }

    void replacementDue(String slot, boolean due) {
        if (due) {
            replacementDue.add(slot);
        } else {
            replacementDue.remove(slot);
        }
    }

    boolean isReplacementDue(String slot) {
        return replacementDue.contains(slot);
    }

    /** Why workers of {@code stage} cannot be placed now; null clears it. */
    void waiting(int stage, String reason) {
        if (reason == null) {
            waiting.remove(stage);
        } else {
            waiting.put(stage, reason);
        }
    }

    int targetWorkers() {
        return record.definition().stages().values().stream().mapToInt(StageDefinition::numWorkers).sum();
    }

    /** Whether every slot would have a Started worker once {@code changed} replaces its previous version. */
    boolean allStartedWith(WorkerRecord changed) {
        int started = 0;
        for (var w : live.values()) {
            var current = w.workerNumber() == changed.workerNumber() ? changed : w;
            if (current.state() != WorkerState.Started) {
                return false;
            }
            started++;
        }
        return started == targetWorkers();
    }

    /** The scheduling info: per stage its target size and the workers that are Started, keyed by worker number. */
    JobSchedulingInfo schedulingInfo() {
        var stages = new TreeMap<Integer, WorkerAssignments>();
        record.definition().stages().forEach((n, s) -> stages.put(n, new WorkerAssignments(n, s.numWorkers(), new TreeMap<>())));
        for (var w : live.values()) {
            if (w.state() == WorkerState.Started) {
                var ports = w.ports();
                stages.get(w.stage()).hosts().put(w.workerNumber(), new WorkerHost(w.host(), w.workerIndex(), ports.data(),
                        w.state(), w.workerNumber(), ports.metricsPort(), ports.customPort(), ports.endpoints(),
                        unavailable.get(w.workerNumber())));
            }
        }
        return new JobSchedulingInfo(id(), new TreeMap<>(stages));
    }

    /** The problem of this active job now: a stage that cannot be placed, else the newest failure of a slot not yet Started again. */
    String currentProblem() {
        if (!waiting.isEmpty()) {
            var first = new TreeMap<>(waiting).firstEntry();
            return "stage " + first.getKey() + " waits: " + first.getValue();
        }
        WorkerRecord newest = null;
        for (var f : lastFailure.values()) {
            var current = inSlot(f.stage(), f.workerIndex());
            boolean healed = current != null && current.state() == WorkerState.Started;
            if (!healed && f.workerIndex() < stage(f.stage()).numWorkers()
                    && (newest == null || f.endedAt() > newest.endedAt())) {
                newest = f;
            }
        }
        return newest == null ? null : "stage " + newest.stage() + " worker " + newest.workerIndex() + " failed: " + newest.reason();
    }

    JobDetails details() {
        var shown = new ArrayList<WorkerRecord>(live.values());
        record.definition().stages().forEach((n, s) -> {
            for (int i = 0; i < s.numWorkers(); i++) {
                var last = lastInSlot(n, i);
                if (inSlot(n, i) == null && last != null) {
                    shown.add(last);
                }
            }
        });
        var problem = currentProblem();
        return details(record.withReason(problem == null ? record.reason() : problem), shown, lastFailure, waiting, heardAt,
                unavailable);
    }

    static JobDetails details(JobRecord record, Collection<WorkerRecord> workers, Map<String, WorkerRecord> failures,
                              Map<Integer, String> waiting, Map<Integer, Long> heardAt, Map<Integer, String> unavailable) {
        var byStage = new TreeMap<Integer, List<JobDetails.Worker>>();
        record.definition().stages().keySet().forEach(n -> byStage.put(n, new ArrayList<>()));
        workers.stream()
                .sorted(Comparator.comparingInt(WorkerRecord::stage).thenComparingInt(WorkerRecord::workerIndex))
                .forEach(w -> {
                    var f = failures.get(w.slot());
                    byStage.computeIfAbsent(w.stage(), k -> new ArrayList<>()).add(new JobDetails.Worker(
                            w.workerIndex(), w.workerNumber(), w.state(), w.host(), w.ports().data(), w.ports().metricsPort(),
                            w.taskExecutorId(), w.resubmitOf(), w.resubmitCount(), w.reason(),
                            f == null ? null : f.reason(), f == null ? null : f.endedAt(),
                            w.state() == WorkerState.Accepted ? waiting.get(w.stage()) : null, heardAt.get(w.workerNumber()),
                            unavailable.get(w.workerNumber())));
                });
        var stages = new ArrayList<JobDetails.Stage>();
        byStage.forEach((n, list) -> {
            var def = record.definition().stages().get(n);
            stages.add(new JobDetails.Stage(n, def == null ? list.size() : def.numWorkers(), list));
        });
        return new JobDetails(record.jobId(), record.cluster(), record.state(), record.submittedAt(), record.endedAt(),
                record.reason(), record.definition().parameters(), record.definition().labels(), stages);
    }
}
