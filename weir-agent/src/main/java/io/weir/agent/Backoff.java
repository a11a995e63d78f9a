package io.weir.agent;

/** Exponential backoff between retries, doubling from a first delay up to a cap. Not thread-safe: one per loop. */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(long firstMillis, long maxMillis) {
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = firstMillis;
    }

    /** The delay before the next attempt; each call doubles the following one, up to the cap. */
    long next() {
        long d = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return d;
    }

    void reset() {
        nextMillis = firstMillis;
    }
}
