package io.weir.core.registry;

import java.util.List;

/**
 * One service (the instances sharing a name): its role and event types, health with reasons, the services it reads
 * from ({@code upstreams}) and feeds ({@code downstreams}) by event type, and its instances.
 */
public record ServiceView(String name, ServiceType type, List<String> inputTypes, List<String> outputTypes,
                          HealthStatus status, List<String> reasons, List<String> upstreams, List<String> downstreams,
                          List<ServiceInstance> instances) {

    public ServiceView {
        inputTypes = List.copyOf(inputTypes);
        outputTypes = List.copyOf(outputTypes);
        reasons = List.copyOf(reasons);
        upstreams = List.copyOf(upstreams);
        downstreams = List.copyOf(downstreams);
        instances = List.copyOf(instances);
    }

    /** Every service, as {@code GET /api/v1/services} answers. */
    public record All(long revision, List<ServiceView> services) {
        public All {
            services = List.copyOf(services);
        }
    }
}
