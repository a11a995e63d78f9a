package io.weir.master.resource;

import io.weir.master.scheduler.reservation.ReservationRegistryConfig;

/**
 * Timing and mode of resource clusters: an agent silent for {@code heartbeatTimeoutMillis} is lost; a placed batch
 * leases its executors for {@code leaseMillis}; {@code direct} places first-fit without reservations.
 */
public record ResourceClusterConfig(long heartbeatTimeoutMillis, long tickMillis, long leaseMillis, boolean direct,
                                    ReservationRegistryConfig reservations) {

    public static final ResourceClusterConfig DEFAULTS =
            new ResourceClusterConfig(3_000, 100, 2_000, false, ReservationRegistryConfig.DEFAULTS);
}
