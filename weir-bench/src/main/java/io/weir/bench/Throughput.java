package io.weir.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Samples a receiver's record count over a measured window. The receiver publishes every 1024 records. */
final class Throughput {

    private final AtomicLong received = new AtomicLong();

    /** Called by the receiving thread. */
    void add(long records) {
        received.addAndGet(records);
    }

    /** Waits {@code warmupMillis}, then measures records per second over {@code seconds}. */
    double measure(long warmupMillis, int seconds) throws InterruptedException {
        Thread.sleep(warmupMillis);
        long startCount = received.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = received.get() - startCount;
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
