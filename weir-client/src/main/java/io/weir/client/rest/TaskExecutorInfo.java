package io.weir.client.rest;

import io.weir.core.executor.WorkerRef;
import io.weir.core.model.MachineDefinition;
import java.util.List;
import java.util.Map;

/**
 * A task executor as the master shows it: {@code state} is one of available, assigned, running, disabled, lost;
 * {@code lastHeartbeat} is epoch milliseconds.
 */
public record TaskExecutorInfo(String id, String host, String state, MachineDefinition machine, Map<String, String> attributes,
                               List<WorkerRef> workers, String metricsUrl, long lastHeartbeat) {

    public TaskExecutorInfo {
        attributes = attributes == null ? Map.of() : attributes;
        workers = workers == null ? List.of() : workers;
    }
}
