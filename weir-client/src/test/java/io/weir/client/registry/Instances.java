package io.weir.client.registry;

import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.util.List;

/** Registry values for tests that feed frames. */
final class Instances {

    private Instances() {
    }

    static TransportEndpoint tcp(String address) {
        return new TransportEndpoint(TransportId.TCP, Plane.STREAM, address, null, null);
    }

    static ServiceInstance producer(String id, HealthStatus status) {
        return new ServiceInstance(id, "source", ServiceType.SOURCE, List.of(), List.of("click.v1"), List.of(tcp(id + ":7300")),
                new InstanceHealth(status, status == HealthStatus.HEALTHY ? null : "because"), null, null,
                ServiceInstance.REGISTERED, null, null, 0L, null);
    }

    static ServiceSet set(long revision, boolean rebuilding, ServiceInstance... instances) {
        return new ServiceSet(revision, List.of(instances), false, rebuilding);
    }
}
