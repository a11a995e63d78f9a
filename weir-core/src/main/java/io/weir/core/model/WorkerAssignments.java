package io.weir.core.model;

import java.util.Map;

/** One stage's target size and its started workers, keyed by worker number. */
public record WorkerAssignments(int stage, int numWorkers, Map<Integer, WorkerHost> hosts) {

    public WorkerAssignments {
        hosts = hosts == null ? Map.of() : hosts;
    }
}
