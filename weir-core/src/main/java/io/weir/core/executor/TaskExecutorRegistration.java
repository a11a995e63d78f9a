package io.weir.core.executor;

import io.weir.core.model.MachineDefinition;
import java.util.Map;

/**
 * What an agent tells the master when it registers: its id, where it runs, what it offers, and where the master
 * reaches it ({@code agentUrl} for assignments, {@code metricsUrl} for Prometheus). {@code instanceId} is random per
 * agent process and repeated in every heartbeat, report and disconnect, so the master tells the same agent
 * registering again from another process using the same id (null: an agent that predates instance ids).
 */
public record TaskExecutorRegistration(
        String id,
        String host,
        MachineDefinition machine,
        PortRange ports,
        Map<String, String> attributes,
        String agentUrl,
        String metricsUrl,
        String instanceId) {

    public TaskExecutorRegistration {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A registration without an instance id. */
    public TaskExecutorRegistration(String id, String host, MachineDefinition machine, PortRange ports, Map<String, String> attributes,
                                    String agentUrl, String metricsUrl) {
        this(id, host, machine, ports, attributes, agentUrl, metricsUrl, null);
    }
}
