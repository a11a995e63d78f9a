package io.weir.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.agent.process.LaunchedWorker;
import io.weir.agent.process.WorkerLauncher;
import io.weir.agent.process.WorkerStartException;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.executor.WorkerRef;
import io.weir.core.executor.WorkerReport;
import io.weir.core.model.FailureKind;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers this agent runs, one {@link WorkerSlot} per (jobId, workerNumber). Assignments and stops arrive on HTTP
 * event loops and return at once; launches and stops run on virtual threads from
 * {@code executor}; state changes go to {@code reporter} in the order each worker went through them
 * (StartInitiated, Started, then Completed or Failed).
 */
final class LocalWorkers {

    private static final Logger log = LoggerFactory.getLogger(LocalWorkers.class);
    private static final int REMEMBERED_ENDED = 1024;
    private static final String ENDS = "Workers of this agent that ended, by final state";

    /** What became of an assignment. */
    enum Accepted { STARTING, ALREADY_KNOWN, CLOSING }

    private final String host;
    private final WorkerLauncher launcher;
    private final Consumer<WorkerEvent> reporter;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<WorkerRef, WorkerSlot> slots = new ConcurrentHashMap<>();
    private final Map<WorkerRef, Boolean> recentlyEnded = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<WorkerRef, Boolean> eldest) {
            return size() > REMEMBERED_ENDED;
        }
    };
    private final Counter started;
    private final Counter failed;
    private final Counter completed;
    private volatile boolean closing;

    LocalWorkers(String host, WorkerLauncher launcher, Consumer<WorkerEvent> reporter, ExecutorService executor,
                 Clock clock, MeterRegistry metrics) {
        this.host = host;
        this.launcher = launcher;
        this.reporter = reporter;
        this.executor = executor;
        this.clock = clock;
        io.micrometer.core.instrument.Gauge.builder("weir.agent.workers", slots, Map::size).description("Workers this agent runs now").register(metrics);
        this.started = Counter.builder("weir.agent.worker.starts").description("Workers that reached Started").register(metrics);
        this.failed = Counter.builder("weir.agent.worker.ends").description(ENDS).tag("state", "Failed").register(metrics);
        this.completed = Counter.builder("weir.agent.worker.ends").description(ENDS).tag("state", "Completed").register(metrics);
    }

    /** Starts the worker unless it already runs (or ran recently): then nothing changes, so retried assignments are harmless. */
    Accepted assign(WorkerAssignment a) {
        if (closing) {
            return Accepted.CLOSING;
        }
        var ref = a.ref();
        synchronized (recentlyEnded) {
            if (recentlyEnded.containsKey(ref)) {
                return Accepted.ALREADY_KNOWN;
            }
        }
        var slot = new WorkerSlot(a, clock.instant());
        if (slots.putIfAbsent(ref, slot) != null) {
            return Accepted.ALREADY_KNOWN;
        }
        if (closing) {
            // stopAll set the flag after our first check: it may not have seen this slot, so take it back
            slots.remove(ref, slot);
            return Accepted.CLOSING;
        }
        reporter.accept(new WorkerEvent(a.jobId(), a.workerNumber(), WorkerState.StartInitiated, host, null, null));
        executor.execute(() -> run(slot));
        return Accepted.STARTING;
    }

    private void run(WorkerSlot slot) {
        var a = slot.assignment;
        slot.starting(Thread.currentThread());
        LaunchedWorker worker;
        try {
            worker = launcher.launch(a);
        } catch (WorkerStartException e) {
            slot.startFinished();
            if (!slot.stopRequested()) {
                log.warn("Worker {}/{} cannot start: {}", a.jobId(), a.workerNumber(), e.getMessage());
            }
            endAfterFailedStart(slot, e.getMessage(), e.kind());
            return;
        } catch (InterruptedException e) {
            slot.startFinished();
            endAfterFailedStart(slot, "start interrupted", FailureKind.TRANSIENT);
            return;
        } catch (RuntimeException e) {
            slot.startFinished();
            log.warn("Worker {}/{} ({}) failed to start", a.jobId(), a.workerNumber(), a.jobClass(), e);
            endAfterFailedStart(slot, "start failed: " + WorkerSlot.describe(e), FailureKind.TRANSIENT);
            return;
        } finally {
            Thread.interrupted();
        }
        var ports = worker.ports();
        boolean live = slot.started(worker, ports, () -> reporter.accept(
                new WorkerEvent(a.jobId(), a.workerNumber(), WorkerState.Started, host, ports, null, null, worker.load())));
        if (!live) {
            worker.stop();
            end(slot, slot.stopState(), slot.stopReason());
            return;
        }
        started.increment();
        log.info("Worker {}/{} ({}) started on ports {} ({})", a.jobId(), a.workerNumber(), a.jobClass(), ports.data(), launcher.mode());
        worker.completion().whenComplete((v, e) -> {
            if (slot.stopRequested()) {
                end(slot, slot.stopState(), slot.stopReason());
            } else if (e != null) {
                var failure = e instanceof WorkerStartException w ? w
                        : e.getCause() instanceof WorkerStartException w ? w
                        : new WorkerStartException(WorkerSlot.describe(e), FailureKind.TRANSIENT);
                log.warn("Worker {}/{} failed: {}", a.jobId(), a.workerNumber(), failure.getMessage());
                end(slot, WorkerState.Failed, failure.getMessage(), failure.kind());
                executor.execute(worker::stop);
            } else {
                end(slot, WorkerState.Completed, "completed");
                executor.execute(worker::stop);
            }
        });
    }

    private void endAfterFailedStart(WorkerSlot slot, String reason, FailureKind kind) {
        if (slot.stopRequested()) {
            end(slot, slot.stopState(), slot.stopReason());
        } else {
            end(slot, WorkerState.Failed, reason, kind);
        }
    }

    /**
     * Stops a worker; it is reported as {@code as} with {@code reason}. Returns at once (closing runs on a virtual
     * thread); false when this agent does not run it.
     */
    boolean stop(WorkerRef ref, WorkerState as, String reason) {
        var slot = slots.get(ref);
        if (slot == null) {
            return false;
        }
        var running = slot.requestStop(as, reason);
        if (running != null) {
            executor.execute(() -> {
                running.stop();
                end(slot, as, reason);
            });
        }
        return true;
    }

    /** Refuses new assignments, stops every worker (reported Failed with {@code reason}) and waits for them, bounded. */
    void stopAll(String reason, long timeoutMillis) {
        closing = true;
        var all = new ArrayList<>(slots.values());
        for (var slot : all) {
            stop(slot.assignment.ref(), WorkerState.Failed, reason);
        }
        try {
            CompletableFuture.allOf(all.stream().map(s -> s.ended).toArray(CompletableFuture[]::new))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            for (var slot : all) {
                if (!slot.ended.isDone()) {
                    log.warn("Worker {}/{} did not stop within {} ms; reporting it ended anyway",
                            slot.assignment.jobId(), slot.assignment.workerNumber(), timeoutMillis);
                    end(slot, WorkerState.Failed, reason);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void end(WorkerSlot slot, WorkerState state, String reason) {
        end(slot, state, reason, null);
    }

    private void end(WorkerSlot slot, WorkerState state, String reason, FailureKind kind) {
        if (!slot.markEnded()) {
            return;
        }
        var a = slot.assignment;
        synchronized (recentlyEnded) {
            recentlyEnded.put(a.ref(), Boolean.TRUE);
        }
        slots.remove(a.ref(), slot);
        (state == WorkerState.Completed ? completed : failed).increment();
        reporter.accept(new WorkerEvent(a.jobId(), a.workerNumber(), state, host, null, reason,
                state == WorkerState.Failed ? kind : null));
        slot.ended(state);
        if (state == WorkerState.Completed && !slot.stopRequested()) {
            log.info("Worker {}/{} completed", a.jobId(), a.workerNumber());
        }
    }

    /** Every live worker, as heartbeats report them. */
    List<WorkerReport> reports() {
        var out = new ArrayList<WorkerReport>(slots.size());
        for (var slot : slots.values()) {
            out.add(new WorkerReport(slot.assignment.jobId(), slot.assignment.workerNumber(), slot.state(), slot.load()));
        }
        return out;
    }

    /** The service workers that take no new sessions now, by their last reported load. */
    Set<WorkerRef> unavailable() {
        var out = new HashSet<WorkerRef>();
        for (var slot : slots.values()) {
            var load = slot.load();
            if (load != null && !load.available()) {
                out.add(new WorkerRef(slot.assignment.jobId(), slot.assignment.workerNumber()));
            }
        }
        return out;
    }

    List<WorkerView> views() {
        return slots.values().stream().map(s -> new WorkerView(s.assignment.jobId(), s.assignment.workerNumber(),
                        s.assignment.stage(), s.assignment.workerIndex(), s.assignment.jobClass(), s.assignment.artifact(),
                        s.state(), s.ports(), s.assignedAt.toEpochMilli(), s.pid()))
                .sorted(Comparator.comparing(WorkerView::jobId).thenComparingInt(WorkerView::workerNumber))
                .toList();
    }
}
