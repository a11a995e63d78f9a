package io.weir.master.resource;

import io.weir.master.scheduler.reservation.ReservationRegistryConfig;

/**
 * Timing and mode of resource clusters: an agent silent for {@code heartbeatTimeoutMillis} is lost; a placed batch
 * leases its executors for {@code leaseMillis}; {@code direct} places first-fit without reservations; a port a worker
 * could not bind is not offered on its executor for {@code portQuarantineMillis}; at most {@code maxClusters} resource
 * clusters exist (each has a thread).
 */
public record ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                    ReservationRegistryConfig reservations, long portQuarantineMillis, int maxClusters) {

    /** How long a port a worker could not bind is kept from workers, by default. */
    public static final long DEFAULT_PORT_QUARANTINE_MILLIS = 60_000;

    /** Resource clusters a master keeps at most, by default ({@code WEIR_MAX_RESOURCE_CLUSTERS}). */
    public static final int DEFAULT_MAX_CLUSTERS = 100;

    public static final ResourceClusterConfig DEFAULTS = new ResourceClusterConfig(3_000, 100, 2_000, false,
            ReservationRegistryConfig.DEFAULTS, DEFAULT_PORT_QUARANTINE_MILLIS, DEFAULT_MAX_CLUSTERS);

    /** With the default limit of resource clusters. */
    public ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                 ReservationRegistryConfig reservations, long portQuarantineMillis) {
        this(heartbeatTimeoutMillis, tickMillis, leaseMillis, direct, reservations, portQuarantineMillis, DEFAULT_MAX_CLUSTERS);
    }

    /** This configuration with another limit of resource clusters. */
    public ResourceClusterConfig withMaxClusters(int max) {
        return new ResourceClusterConfig(heartbeatTimeoutMillis, tickMillis, leaseMillis, direct, reservations, portQuarantineMillis, max);
    }

    /** With the default port quarantine. */
    public ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                 ReservationRegistryConfig reservations) {
        this(heartbeatTimeoutMillis, tickMillis, leaseMillis, direct, reservations, DEFAULT_PORT_QUARANTINE_MILLIS);
    }
}
