package io.weir.client.sink;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A session's own thread ({@code weir-session-<id>}, daemon): runs its commands in order and its timers. Every log
 * line written there carries the MDC key {@code session}. After {@link #shutdown()} new work is dropped.
 */
final class SessionLoop {

    private static final Logger log = LoggerFactory.getLogger(SessionLoop.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    SessionLoop(String sessionId) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(() -> {
                MDC.put("session", sessionId);
                r.run();
            }, "weir-session-" + sessionId);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, after what is already queued; dropped once shut down. Any thread. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException shutDown) {
            // the session has ended; nothing is left to do
        }
    }

    /** Runs {@code task} on the loop after {@code delayNanos}; null once shut down. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return executor.schedule(() -> run(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            return null;
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    /** Waits for the loop to finish its queued work after {@link #shutdown()}; false on timeout. */
    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("Session task failed", e);
        }
    }
}
