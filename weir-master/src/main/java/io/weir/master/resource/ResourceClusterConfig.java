package io.weir.master.resource;

import io.weir.master.scheduler.reservation.ReservationRegistryConfig;

/**
 * Timing and mode of resource clusters: an agent silent for {@code heartbeatTimeoutMillis} is lost; a placed batch
 * leases its executors for {@code leaseMillis}; {@code direct} places first-fit without reservations; a port a worker
 * could not bind is not offered on its executor for {@code portQuarantineMillis}.
 */
public record ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                    ReservationRegistryConfig reservations, long portQuarantineMillis) {

    /** How long a port a worker could not bind is kept from workers, by default. */
    public static final long DEFAULT_PORT_QUARANTINE_MILLIS = 60_000;

    public static final ResourceClusterConfig DEFAULTS =
            new ResourceClusterConfig(3_000, 100, 2_000, false, ReservationRegistryConfig.DEFAULTS, DEFAULT_PORT_QUARANTINE_MILLIS);

    /** With the default port quarantine. */
    public ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                 ReservationRegistryConfig reservations) {
        this(heartbeatTimeoutMillis, tickMillis, leaseMillis, direct, reservations, DEFAULT_PORT_QUARANTINE_MILLIS);
    }
}
