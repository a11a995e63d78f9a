package io.weir.master.scheduler.reservation;

/**
 * Timing of the reservation registry.
 *
 * @param inFlightTimeoutMillis a batch with no answer after this long is sent again (default 5,000)
 * @param noResourcesRetryMillis a group waiting for capacity retries after this long even without a capacity change
 *     (default 5,000)
 * @param autoReadyMillis the registry marks itself ready this long after it was created if nobody did (default 5,000)
 */
public record ReservationRegistryConfig(long inFlightTimeoutMillis, long noResourcesRetryMillis, long autoReadyMillis) {

    /** The defaults: 5 s each. */
    public static final ReservationRegistryConfig DEFAULTS = new ReservationRegistryConfig(5_000, 5_000, 5_000);

    public ReservationRegistryConfig {
        positive("inFlightTimeoutMillis", inFlightTimeoutMillis);
        positive("noResourcesRetryMillis", noResourcesRetryMillis);
        positive("autoReadyMillis", autoReadyMillis);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
