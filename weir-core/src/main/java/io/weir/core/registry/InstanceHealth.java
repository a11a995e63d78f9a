package io.weir.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What an instance says about itself: its status and, unless healthy, why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceHealth(HealthStatus status, String reason) {

    public static final InstanceHealth HEALTHY = new InstanceHealth(HealthStatus.HEALTHY, null);

    public InstanceHealth {
        status = status == null ? HealthStatus.HEALTHY : status;
    }

    public static InstanceHealth unhealthy(String reason) {
        return new InstanceHealth(HealthStatus.UNHEALTHY, reason);
    }
}
