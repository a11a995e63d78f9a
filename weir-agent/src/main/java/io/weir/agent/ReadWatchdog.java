package io.weir.agent;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Closes a stream that made no progress for {@code timeoutMillis}, so a stalled download's read fails instead of hanging. */
final class ReadWatchdog implements AutoCloseable {

    private final Closeable stream;
    private final long timeoutNanos;
    private final long checkMillis;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean done;
    private volatile boolean fired;

    ReadWatchdog(Closeable stream, long timeoutMillis) {
        this.stream = stream;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.checkMillis = Math.max(10, timeoutMillis / 4);
        schedule();
    }

    void progress() {
        lastProgress = System.nanoTime();
    }

    /** Whether the stream was closed for lack of progress. */
    boolean fired() {
        return fired;
    }

    private void schedule() {
        CompletableFuture.delayedExecutor(checkMillis, TimeUnit.MILLISECONDS).execute(this::check);
    }

    private void check() {
        if (done) {
            return;
        }
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            fired = true;
            try {
                stream.close();
            } catch (IOException e) {
                // the reader sees the stream closed either way
            }
            return;
        }
        schedule();
    }

    @Override
    public void close() {
        done = true;
    }
}
