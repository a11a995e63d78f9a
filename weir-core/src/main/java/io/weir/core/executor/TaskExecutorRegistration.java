package io.weir.core.executor;

import io.weir.core.model.MachineDefinition;
import java.util.Map;

/**
 * What an agent tells the master when it registers: its id, where it runs, what it offers, and where the master
 * reaches it ({@code agentUrl} for assignments, {@code metricsUrl} for Prometheus).
 */
public record TaskExecutorRegistration(
        String id,
        String host,
        MachineDefinition machine,
        PortRange ports,
        Map<String, String> attributes,
        String agentUrl,
        String metricsUrl) {

    public TaskExecutorRegistration {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
