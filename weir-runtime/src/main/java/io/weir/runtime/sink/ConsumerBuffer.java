package io.weir.runtime.sink;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer's bounded buffer of encoded events, with its sampling window and drop count.
 *
 * <p>Threads: any number of publishers {@link #offer}; one event loop {@link #poll}s. Lock-free; a full
 * buffer is a return value, never a wait.
 */
final class ConsumerBuffer {

    /** What became of an offered record. */
    enum Offer { ACCEPTED, FULL, SAMPLED, CLOSED }

    private final int capacity;
    private final long sampleNanos;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextSampleNanos;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** A buffer of {@code capacity} records; with {@code sampleMillis > 0}, one record per window from {@code nowNanos}. */
    ConsumerBuffer(int capacity, long sampleMillis, long nowNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
        this.sampleNanos = TimeUnit.MILLISECONDS.toNanos(sampleMillis);
        this.nextSampleNanos = new AtomicLong(nowNanos);
    }

    /**
     * Buffers {@code frame} unless closed, full, or inside the sampling window (the first record of each
     * window wins). A full buffer keeps its window open for the next record.
     */
    Offer offer(byte[] frame, long nowNanos) {
        return offer(frame, nowNanos, 0);
    }

    /**
     * As {@link #offer(byte[], long)}, allowing {@code beyondCapacity} more records: a closed aggregate window hands
     * out up to {@code Mql.MAX_GROUPS} records at once, which must fit whole however small the buffer.
     */
    Offer offer(byte[] frame, long nowNanos, int beyondCapacity) {
        if (closed) {
            return Offer.CLOSED;
        }
        long next = nextSampleNanos.get();
        if (sampleNanos > 0 && nowNanos - next < 0) {
            return Offer.SAMPLED;
        }
        if (size.incrementAndGet() > capacity + beyondCapacity) {
            size.decrementAndGet();
            return Offer.FULL;
        }
        if (sampleNanos > 0 && !nextSampleNanos.compareAndSet(next, nowNanos + sampleNanos)) {
            size.decrementAndGet();
            return Offer.SAMPLED;
        }
        queue.offer(frame);
        return Offer.ACCEPTED;
    }

    /** The oldest buffered event, or null; the consumer's event loop only. */
    byte[] poll() {
        byte[] frame = queue.poll();
        if (frame != null) {
            size.decrementAndGet();
        }
        return frame;
    }

    /** Buffered records. */
    int size() {
        return size.get();
    }

    /** Counts one record this consumer lost because it could not keep up. */
    void countDrop() {
        dropped.incrementAndGet();
    }

    /** Records lost so far. */
    long dropped() {
        return dropped.get();
    }

    /** Refuses further records and forgets the buffered ones. */
    void close() {
        closed = true;
        queue.clear();
        size.set(0);
    }
}
