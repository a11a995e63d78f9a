package io.weir.master.director;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.ServiceAssignment;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.ServiceWorkers;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.core.model.WorkerHost;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the worker for a client's session among the Started workers with endpoints of the last stage of a service's
 * newest job: the one with the fewest sessions (its last reported count plus the sessions assigned to it since), the
 * longest unchosen first among equals. Skips workers that report themselves unavailable and workers a client reported
 * failed within {@code suspectMillis}. The answer names the next choice as a standby, which the session moves to without
 * asking when its worker fails; it then tells the director so ({@link AssignmentRequest#movedTo()}). Loads are soft
 * state: a worker that stops reporting is forgotten after {@code forgetMillis}. Thread-safe (one lock); never touches
 * the control loop.
 */
public final class Director {

    private record Key(String jobId, int workerNumber) {
    }

    private static final class State {
        ServiceLoad load;
        long reportedAt;
        int assignedSince;
        long chosenAt;
        long suspectUntil;
        String suspectReason;
    }

    private final Clock clock;
    private final long suspectMillis;
    private final long forgetMillis;
    private final Map<Key, State> workers = new HashMap<>();
    private final Counter assigned;
    private final Counter refused;
    private final Counter suspects;
    private long lastPrune;

    private static final String ASSIGNMENTS = "Service sessions the director assigned a worker (outcome=assigned) or had none for (no_worker)";

    public Director(Clock clock, long suspectMillis, long forgetMillis, MeterRegistry meters) {
        this.clock = clock;
        this.suspectMillis = suspectMillis;
        this.forgetMillis = forgetMillis;
        this.assigned = Counter.builder("weir.director.assignments").description(ASSIGNMENTS).tag("outcome", "assigned").register(meters);
        this.refused = Counter.builder("weir.director.assignments").description(ASSIGNMENTS).tag("outcome", "no_worker").register(meters);
        this.suspects = Counter.builder("weir.director.suspects").description("Workers that clients reported failed to the director").register(meters);
    }

    /** Records a worker's load from its heartbeat; the sessions assigned to it before count as reported. */
    public synchronized void report(String jobId, int workerNumber, ServiceLoad load) {
        long now = clock.millis();
        State s = workers.computeIfAbsent(new Key(jobId, workerNumber), k -> new State());
        s.load = load;
        s.reportedAt = now;
        s.assignedSince = 0;
        if (now - lastPrune > forgetMillis) {
            lastPrune = now;
            workers.values().removeIf(w -> now - Math.max(w.reportedAt, Math.max(w.chosenAt, w.suspectUntil)) > forgetMillis);
        }
    }

    /** Records the loads carried by those of {@code events} the master accepted ({@code results}, in the same order). */
    public void reportAccepted(List<WorkerEvent> events, List<WorkerEventResult> results) {
        for (int i = 0; i < events.size() && i < results.size(); i++) {
            WorkerEvent e = events.get(i);
            if (e.load() != null && results.get(i).outcome() == WorkerEventResult.Outcome.ok) {
                report(e.jobId(), e.workerNumber(), e.load());
            }
        }
    }

    /**
     * The worker for {@code request} among {@code jobs} (a cluster's active jobs, newest first; only the newest with a
     * Started worker counts), with a standby when there is another; a request that moved to its standby gets that
     * worker (when still usable) and a new standby. Throws {@link NoWorkerException} saying why for each worker when none
     * can take it.
     */
    public synchronized ServiceAssignment assign(String cluster, List<JobSchedulingInfo> jobs, AssignmentRequest request) {
        long now = clock.millis();
        if (request.failed() != null) {
            State s = workers.computeIfAbsent(new Key(request.failed().jobId(), request.failed().workerNumber()), k -> new State());
            s.suspectUntil = now + suspectMillis;
            s.suspectReason = request.failed().reason() == null ? "a client reported it failed" : request.failed().reason();
            suspects.increment();
        }
        List<String> why = new ArrayList<>();
        List<WorkerHost> usable = new ArrayList<>();
        String chosenJob = null;
        for (JobSchedulingInfo job : jobs) {
            WorkerAssignments stage = ServiceWorkers.servingStage(job);
            if (stage == null) {
                continue;
            }
            if (stage.hosts().size() < stage.numWorkers()) {
                why.add((stage.numWorkers() - stage.hosts().size()) + " of job " + job.jobId() + "'s " + stage.numWorkers()
                        + " workers are not Started yet");
            }
            for (WorkerHost w : stage.hosts().values()) {
                String skip = skip(w, workers.get(new Key(job.jobId(), w.workerNumber())), request, now);
                if (skip != null) {
                    why.add("worker " + w.workerNumber() + " " + skip);
                } else {
                    usable.add(w);
                }
            }
            if (!usable.isEmpty()) {
                chosenJob = job.jobId();
                break;
            }
        }
        if (usable.isEmpty()) {
            refused.increment();
            throw new NoWorkerException("no worker of " + cluster + " can take a session now"
                    + (why.isEmpty() ? ": it has no Started worker (is a job of it running? weir jobs list --cluster " + cluster + ")"
                    : ": " + String.join("; ", why)));
        }
        String job = chosenJob;
        usable.sort(Comparator.comparingInt((WorkerHost w) -> sessions(workers.get(new Key(job, w.workerNumber()))))
                .thenComparingLong(w -> chosenAt(workers.get(new Key(job, w.workerNumber())))));
        ServiceAssignment answer = ServiceWorkers.choose(job, usable, request.movedTo(),
                w -> sessions(workers.get(new Key(job, w.workerNumber()))));
        State chosen = workers.computeIfAbsent(new Key(job, answer.workerNumber()), k -> new State());
        chosen.assignedSince++;
        chosen.chosenAt = now;
        assigned.increment();
        return answer;
    }

    private String skip(WorkerHost w, State s, AssignmentRequest request, long now) {
        String unusable = ServiceWorkers.unusable(w, request.exclude());
        if (unusable != null) {
            return unusable;
        }
        if (s != null && s.suspectUntil > now) {
            return "is suspect for " + (s.suspectUntil - now) + " ms more (" + s.suspectReason + ")";
        }
        if (s == null || s.load == null) {
            return ServiceWorkers.unavailable(w); // its own load, when heard, is fresher than discovery's coalesced view
        }
        return s.load.available() ? null : "is unavailable" + (s.load.reason() == null ? "" : " (" + s.load.reason() + ")");
    }

    private static long chosenAt(State s) {
        return s == null ? 0 : s.chosenAt;
    }

    private static int sessions(State s) {
        return s == null ? 0 : (s.load == null ? 0 : s.load.sessions()) + s.assignedSince;
    }
}
