package io.weir.master.resource;

import io.weir.core.executor.PortRange;
import io.weir.core.executor.WorkerRef;
import io.weir.core.model.MachineDefinition;
import java.util.List;
import java.util.Map;

/** A task executor as {@code GET /api/v1/resourceClusters/{id}/taskExecutors} shows it, with the port range it offers. */
public record TaskExecutorView(String id, String host, TaskExecutorState state, MachineDefinition machine,
                               Map<String, String> attributes, List<WorkerRef> workers, String metricsUrl, long lastHeartbeat,
                               PortRange ports) {
}
