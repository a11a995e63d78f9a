package io.weir.runtime.sink;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sink's one thread that closes aggregate windows ({@link GroupAggregate}); a cancelled task leaves its queue at
 * once, so {@link #pending} counts the live window timers.
 */
final class WindowTimer implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    WindowTimer() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weir-sink-windows");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} once after {@code delayMillis}. */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** Window timers waiting to fire. */
    int pending() {
        return executor.getQueue().size();
    }

    /** Drops every pending timer and ends the thread. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
