package io.weir.agent;

import io.weir.agent.process.LaunchedWorker;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerState;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One worker this agent runs, from its assignment to its end. Its start thread, the HTTP event loops (stop requests)
 * and the worker's completion callbacks meet here, under this object's monitor; {@link #markEnded()} lets exactly one
 * of them end it.
 */
final class WorkerSlot {

    final WorkerAssignment assignment;
    final Instant assignedAt;
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean endClaimed = new AtomicBoolean();

    private volatile WorkerState state = WorkerState.StartInitiated;
    private volatile io.weir.core.model.WorkerPorts ports;
    private LaunchedWorker running;
    private Thread startThread;
    private WorkerState stopState;
    private String stopReason;

    WorkerSlot(WorkerAssignment assignment, Instant assignedAt) {
        this.assignment = assignment;
        this.assignedAt = assignedAt;
    }

    /** The running worker's service load, or null (not started, or no service). */
    synchronized ServiceLoad load() {
        return running == null ? null : running.load();
    }

    WorkerState state() {
        return state;
    }

    io.weir.core.model.WorkerPorts ports() {
        return ports;
    }

    synchronized void starting(Thread thread) {
        this.startThread = thread;
    }

    /**
     * The worker started: records it as Started and runs {@code onStarted} (which reports it) under the
     * monitor, so no stop can slip between. False when a stop was requested meanwhile: the caller closes it.
     */
    synchronized boolean started(LaunchedWorker r, io.weir.core.model.WorkerPorts bound, Runnable onStarted) {
        startThread = null;
        if (stopState != null) {
            return false;
        }
        running = r;
        ports = bound;
        state = WorkerState.Started;
        onStarted.run();
        return true;
    }

    synchronized void startFinished() {
        startThread = null;
    }

    /**
     * Asks the worker to stop, to be reported as {@code as} with {@code reason}. Returns the running worker to close, or
     * null when it is still starting (its start thread is interrupted and closes it on return) or a stop was already asked.
     */
    synchronized LaunchedWorker requestStop(WorkerState as, String reason) {
        if (stopState != null) {
            return null;
        }
        stopState = as;
        stopReason = reason;
        if (running == null && startThread != null) {
            startThread.interrupt();
        }
        return running;
    }

    /** The worker's process id once started as a process, else null. */
    synchronized Long pid() {
        return running == null ? null : running.pid();
    }

    synchronized boolean stopRequested() {
        return stopState != null;
    }

    synchronized WorkerState stopState() {
        return stopState;
    }

    synchronized String stopReason() {
        return stopReason;
    }

    /** True for the one caller that gets to end this worker. */
    boolean markEnded() {
        return endClaimed.compareAndSet(false, true);
    }

    void ended(WorkerState terminal) {
        state = terminal;
        ended.complete(null);
    }

    /** A one-line reason from a failure: the innermost meaningful exception's type and message. */
    static String describe(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException || e instanceof InvocationTargetException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        if (e == null) {
            return "unknown failure";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
