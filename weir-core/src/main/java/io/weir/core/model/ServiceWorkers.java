package io.weir.core.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Which workers of a service's job can take a session, as discovery tells it: the rule the master's director and a
 * client routing by itself share.
 */
public final class ServiceWorkers {

    private ServiceWorkers() {
    }

    /** The stage that serves sessions: the job's last; null when the job has no worker assignments yet. */
    public static WorkerAssignments servingStage(JobSchedulingInfo job) {
        if (job.workerAssignments() == null || job.workerAssignments().isEmpty()) {
            return null;
        }
        return job.workerAssignments().entrySet().stream().max(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElseThrow();
    }

    /** Why {@code worker} cannot take a session by what discovery says ("is Launched", ...), or null when it can. */
    public static String unusable(WorkerHost worker, Collection<Integer> excluded) {
        if (worker.state() != WorkerState.Started) {
            return "is " + worker.state();
        }
        if (worker.endpoints().isEmpty()) {
            return "advertises no endpoint (is the job a service?)";
        }
        if (excluded.contains(worker.workerNumber())) {
            return "is excluded by the request";
        }
        return null;
    }

    /**
     * The answer among {@code ordered} usable workers of job {@code jobId} (best first): the first, or the one the session
     * already moved to ({@code movedTo}, may be null) when it is among them, with the best other as the standby;
     * {@code sessions} gives each worker's session count.
     */
    public static ServiceAssignment choose(String jobId, List<WorkerHost> ordered, AssignmentRequest.WorkerOfJob movedTo,
                                           ToIntFunction<WorkerHost> sessions) {
        WorkerHost chosen = ordered.get(0);
        if (movedTo != null && movedTo.jobId().equals(jobId)) {
            chosen = ordered.stream().filter(w -> w.workerNumber() == movedTo.workerNumber()).findFirst().orElse(chosen);
        }
        WorkerHost worker = chosen;
        WorkerHost standby = ordered.stream().filter(w -> w != worker).findFirst().orElse(null);
        return answer(jobId, worker, sessions).withStandby(standby == null ? null : answer(jobId, standby, sessions));
    }

    private static ServiceAssignment answer(String jobId, WorkerHost w, ToIntFunction<WorkerHost> sessions) {
        return new ServiceAssignment(jobId, w.workerNumber(), w.workerIndex(), w.host(), w.endpoints(), sessions.applyAsInt(w), null);
    }

    /** Why discovery says {@code worker} takes no new sessions now ("is unavailable (draining)"), or null. */
    public static String unavailable(WorkerHost worker) {
        return worker.unavailable() == null ? null : "is unavailable (" + worker.unavailable() + ")";
    }
}
