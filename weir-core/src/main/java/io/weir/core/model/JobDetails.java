package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A job as the REST API shows it: state, stages and their current workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobDetails(
        String jobId,
        String cluster,
        JobState state,
        long submittedAt,
        Long endedAt,
        String reason,
        Map<String, String> parameters,
        Map<String, String> labels,
        List<Stage> stages) {

    /** One stage: its target size and its workers (live ones for an active job, the last ones for an ended job). */
    public record Stage(int stage, int numWorkers, List<Worker> workers) {
    }

    /**
     * One worker of a stage. {@code lastFailure}/{@code lastFailureAt} are the slot's most recent failure (of this
     * worker or one it replaced); {@code waiting} says why a worker not yet placed is waiting; {@code lastHeartbeatAt}
     * (epoch ms) is when this master last heard from the worker, absent when it has not since it started (a worker
     * recovered from the store after a restart is not confirmed alive until then); {@code unavailable} is why a service
     * worker takes no new sessions now (its last reported load), absent while it takes them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Worker(
            int workerIndex,
            int workerNumber,
            WorkerState state,
            String host,
            List<Integer> ports,
            Integer metricsPort,
            String taskExecutorId,
            Integer resubmitOf,
            int totalResubmitCount,
            String reason,
            String lastFailure,
            Long lastFailureAt,
            String waiting,
            Long lastHeartbeatAt,
            String unavailable) {
    }
}
