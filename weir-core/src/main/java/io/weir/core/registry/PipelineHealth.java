package io.weir.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Health of the whole pipeline, each service and each instance, with reasons as sentences. A service is UNHEALTHY
 * when none of its instances is healthy (or all leases lapsed), DEGRADED when some are not healthy or it consumes an
 * event type nobody produces; the pipeline takes the worst of its services.
 */
public record PipelineHealth(long revision, HealthStatus status, List<String> reasons, List<ServiceHealth> services) {

    public PipelineHealth {
        reasons = List.copyOf(reasons);
        services = List.copyOf(services);
    }

    /** One service's status and reasons, and its instances'. */
    public record ServiceHealth(String name, HealthStatus status, List<String> reasons, List<Instance> instances) {
    }

    /** One instance's status and, unless healthy, why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String instanceId, HealthStatus status, String reason) {
    }
}
