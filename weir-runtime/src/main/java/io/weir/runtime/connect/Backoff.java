package io.weir.runtime.connect;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt k waits {@code min(max, first * 2^(k-1))}, less a random
 * fraction of at most {@code jitter}. Stateless; owned by the reconciliator's thread (the random is not shared).
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final double jitter;
    private final RandomGenerator random;

    Backoff(ReconcileSettings settings, RandomGenerator random) {
        this.firstMillis = settings.firstRetryMillis();
        this.maxMillis = settings.maxRetryMillis();
        this.jitter = settings.jitter();
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    long delayMillis(int attempt) {
        long raw = firstMillis;
        for (int i = 1; i < attempt && raw < maxMillis; i++) {
            raw *= 2;
        }
        raw = Math.min(raw, maxMillis);
        long off = (long) (raw * jitter * random.nextDouble());
        return Math.max(1, raw - off);
    }
}
