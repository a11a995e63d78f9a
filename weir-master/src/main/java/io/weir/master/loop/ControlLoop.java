package io.weir.master.loop;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread that owns the master's job state. Every change to clusters, jobs and workers runs here, one
 * command at a time, so the state needs no locks; other threads submit commands and get futures back.
 */
public final class ControlLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final java.util.concurrent.ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public ControlLoop(String name) {
        this.executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code command} on the loop; the future fails with whatever it threw. */
    public <T> CompletableFuture<T> call(Callable<T> command) {
        var result = new CompletableFuture<T>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(command.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new LoopClosedException());
        }
        return result;
    }

    /** Runs {@code command} on the loop, logging what it throws. */
    public void execute(Runnable command) {
        try {
            executor.execute(guarded(command));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Dropped a command: the loop is closed");
        }
    }

    public ScheduledFuture<?> schedule(Runnable command, long delayMillis) {
        return executor.schedule(guarded(command), delayMillis, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> every(Runnable command, long periodMillis) {
        return executor.scheduleWithFixedDelay(guarded(command), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Commands waiting to run, scheduled ones included. */
    public int queued() {
        return executor.getQueue().size();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Fails fast when state owned by the loop is touched from another thread. */
    public void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("must run on the control loop, not on " + Thread.currentThread().getName());
        }
    }

    private static Runnable guarded(Runnable command) {
        return () -> {
            try {
                command.run();
            } catch (Throwable t) {
                log.error("Control loop command failed", t);
            }
        };
    }

    /** Stops at once: commands waiting or scheduled for later are dropped, the running one finishes. */
    public void closeNow() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
