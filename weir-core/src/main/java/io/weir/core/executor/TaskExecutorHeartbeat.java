package io.weir.core.executor;

import java.util.List;

/**
 * An agent's periodic heartbeat: it is alive, and these are the workers it runs (each counts as their heartbeat too).
 * {@code instanceId} is the one the agent registered with.
 */
public record TaskExecutorHeartbeat(String id, List<WorkerReport> workers, String instanceId) {

    public TaskExecutorHeartbeat {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** A heartbeat without an instance id. */
    public TaskExecutorHeartbeat(String id, List<WorkerReport> workers) {
        this(id, workers, null);
    }
}
