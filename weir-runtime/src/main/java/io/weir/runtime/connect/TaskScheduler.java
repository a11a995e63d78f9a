package io.weir.runtime.connect;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single owner thread of a connection set and its reconciliator, with its clock. Tasks run one at a
 * time, in submission order. Tests use a manual implementation with virtual time.
 */
public interface TaskScheduler {

    /** Runs {@code task} on the owner thread, after tasks already submitted. Callable from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the owner thread after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Monotonic milliseconds, the time base of {@link #schedule}. */
    long nowMillis();

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Prevents the task from running if it has not yet started. */
        void cancel();
    }

    /**
     * A scheduler over {@code executor}, which must run its tasks on a single thread (a Netty event loop, or
     * {@code Executors.newSingleThreadScheduledExecutor()}).
     */
    static TaskScheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return new TaskScheduler() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public Cancellable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public long nowMillis() {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
            }
        };
    }
}
