package io.weir.core.executor;

import java.util.List;

/** An agent's periodic heartbeat: it is alive, and these are the workers it runs (each counts as their heartbeat too). */
public record TaskExecutorHeartbeat(String id, List<WorkerReport> workers) {

    public TaskExecutorHeartbeat {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }
}
