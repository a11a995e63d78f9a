package io.weir.client.registry;

import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;
import java.util.Objects;

/**
 * One upstream to connect to: a registered instance ({@code instanceId} and {@code service} set) or a configured
 * fallback endpoint (both null), with its health and the endpoints it can be reached on.
 */
public record Upstream(String instanceId, String service, InstanceHealth health, List<TransportEndpoint> endpoints) {

    public Upstream {
        health = health == null ? InstanceHealth.HEALTHY : health;
        endpoints = List.copyOf(endpoints);
    }

    /** The upstream a registry instance is. */
    public static Upstream of(ServiceInstance instance) {
        return new Upstream(instance.instanceId(), instance.name(), instance.health(), instance.endpoints());
    }

    /** A configured endpoint used while the master cannot tell; presumed healthy. */
    public static Upstream fallback(TransportEndpoint endpoint) {
        return new Upstream(null, null, InstanceHealth.HEALTHY, List.of(Objects.requireNonNull(endpoint, "endpoint")));
    }

    public HealthStatus status() {
        return health.status();
    }

    /** The first endpoint's address, or null when it has none. */
    public String address() {
        return endpoints.isEmpty() ? null : endpoints.get(0).address();
    }

    /** How logs name it: the instance id, else the address. */
    public String label() {
        return instanceId != null ? instanceId : String.valueOf(address());
    }
}
