package io.weir.core.registry;

/** Health of an instance, a service or a pipeline, from best to worst. */
public enum HealthStatus {
    HEALTHY, DEGRADED, UNHEALTHY;

    /** The worse of this and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
