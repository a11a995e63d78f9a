package io.weir.runtime.connect;

/**
 * How a {@link Reconciliator} retries and checks.
 *
 * @param firstRetryMillis delay before the first retry after a failed attempt or a lost connection
 *                         (default 10; the jittered delay never exceeds it)
 * @param maxRetryMillis   cap of the doubling delay (default 2000)
 * @param jitter           fraction of each delay taken off at random, 0..1 (default 0.5)
 * @param checkIntervalMillis period of the full expected-versus-actual check (default 1000)
 * @param stableAfterMillis a connection that lived this long resets the backoff when lost (default 1000)
 */
public record ReconcileSettings(
        long firstRetryMillis, long maxRetryMillis, double jitter, long checkIntervalMillis, long stableAfterMillis) {

    public ReconcileSettings {
        if (firstRetryMillis <= 0) {
            throw new IllegalArgumentException("firstRetryMillis: " + firstRetryMillis + " (expected: > 0)");
        }
        if (maxRetryMillis < firstRetryMillis) {
            throw new IllegalArgumentException(
                    "maxRetryMillis: " + maxRetryMillis + " (expected: >= firstRetryMillis " + firstRetryMillis + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0..1)");
        }
        if (checkIntervalMillis <= 0) {
            throw new IllegalArgumentException("checkIntervalMillis: " + checkIntervalMillis + " (expected: > 0)");
        }
        if (stableAfterMillis < 0) {
            throw new IllegalArgumentException("stableAfterMillis: " + stableAfterMillis + " (expected: >= 0)");
        }
    }

    /** 10 ms first retry, 2 s cap, jitter 0.5, check every second, stable after one second. */
    public static ReconcileSettings defaults() {
        return new ReconcileSettings(10, 2_000, 0.5, 1_000, 1_000);
    }

    /** These settings with another retry range. */
    public ReconcileSettings withRetry(long firstMillis, long maxMillis) {
        return new ReconcileSettings(firstMillis, maxMillis, jitter, checkIntervalMillis, stableAfterMillis);
    }

    /** These settings with another jitter fraction. */
    public ReconcileSettings withJitter(double fraction) {
        return new ReconcileSettings(firstRetryMillis, maxRetryMillis, fraction, checkIntervalMillis, stableAfterMillis);
    }
}
