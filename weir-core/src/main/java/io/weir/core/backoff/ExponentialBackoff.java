package io.weir.core.backoff;

import java.util.random.RandomGenerator;

/**
 * Retry delays that double from {@code firstMillis} up to {@code maxMillis}, each shortened by up to {@code jitter}
 * (a fraction, 0..1) at random so that many retriers do not fire together.
 */
public record ExponentialBackoff(long firstMillis, long maxMillis, double jitter) {

    public ExponentialBackoff {
        if (firstMillis <= 0) {
            throw new IllegalArgumentException("firstMillis: " + firstMillis + " (expected: > 0)");
        }
        if (maxMillis < firstMillis) {
            throw new IllegalArgumentException("maxMillis: " + maxMillis + " (expected: >= firstMillis " + firstMillis + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + " (expected: 0..1)");
        }
    }

    /** The delay before retry number {@code attempt} (1 for the first retry); never below 1 ms. */
    public long delayMillis(int attempt, RandomGenerator random) {
        long raw = firstMillis;
        for (int i = 1; i < attempt && raw < maxMillis; i++) {
            raw *= 2;
        }
        raw = Math.min(raw, maxMillis);
        long off = jitter == 0 ? 0 : (long) (raw * jitter * random.nextDouble());
        return Math.max(1, raw - off);
    }

    /** A counter of consecutive failures over this backoff, for one retrying loop (not thread-safe). */
    public Attempts attempts(RandomGenerator random) {
        return new Attempts(this, random);
    }

    /** Consecutive attempts: {@link #nextDelayMillis()} after each failure, {@link #reset()} after a success. */
    public static final class Attempts {

        private final ExponentialBackoff backoff;
        private final RandomGenerator random;
        private int failures;

        private Attempts(ExponentialBackoff backoff, RandomGenerator random) {
            this.backoff = backoff;
            this.random = random;
        }

        public long nextDelayMillis() {
            failures = Math.min(failures + 1, 64);
            return backoff.delayMillis(failures, random);
        }

        public void reset() {
            failures = 0;
        }
    }
}
