package io.weir.runtime.worker;

import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * A started worker of a job. Closing it drains first: the input ends (the source stops, or the upstreams send what
 * they have queued and end), the stage finishes what it holds, and the output reaches the next stage, all within
 * {@link #DRAIN_TIMEOUT}; only then are its servers closed. So a scale-down or a replacement loses nothing.
 */
final class JobWorker implements RunningWorker {

    /** The longest a stopping worker spends passing on what it holds; agents allow 10 s per stop. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final WorkerContext worker;
    private final WorkerPorts ports;
    private final CompletableFuture<Void> completion;
    private final Runnable endInput;
    private final StageDataPlane plane;
    private final Disposable running;
    private final RecordSink sink;
    private final WorkerMetricsServer metricsServer;
    private final AtomicBoolean closed = new AtomicBoolean();

    JobWorker(WorkerContext worker, WorkerPorts ports, CompletableFuture<Void> completion, Runnable endInput,
              StageDataPlane plane, Disposable running, RecordSink sink, WorkerMetricsServer metricsServer) {
        this.worker = worker;
        this.ports = ports;
        this.completion = completion;
        this.endInput = endInput;
        this.plane = plane;
        this.running = running;
        this.sink = sink;
        this.metricsServer = metricsServer;
    }

    @Override
    public WorkerPorts ports() {
        return ports;
    }

    @Override
    public CompletionStage<Void> completion() {
        return completion;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drain();
        stop();
    }

    /** Stops at once, as a crash would: whatever the worker holds or has in flight is lost. */
    void abort() {
        if (closed.compareAndSet(false, true)) {
            stop();
        }
    }

    private void stop() {
        running.dispose();
        if (sink != null) {
            sink.close();
        }
        if (plane != null) {
            plane.close();
        }
        metricsServer.close();
        completion.complete(null);
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        String step = "its input to end";
        try {
            endInput.run();
            await(completion, deadline);
            if (sink == null && plane != null) {
                step = "the next stage to take its last records";
                await(plane.outputDrained(), deadline);
            }
            log.info("Worker {} of {} drained in {} ms", worker.workerNumber(), worker.jobId(),
                    DRAIN_TIMEOUT.toMillis() - TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        } catch (TimeoutException e) {
            log.warn("Worker {} of {} did not drain within {} ms (waiting for {}); stopping it with records in flight",
                    worker.workerNumber(), worker.jobId(), DRAIN_TIMEOUT.toMillis(), step);
        } catch (ExecutionException e) {
            log.debug("Worker {} of {} ended with a failure while draining: {}", worker.workerNumber(), worker.jobId(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CompletableFuture<Void> future, long deadlineNanos)
            throws TimeoutException, ExecutionException, InterruptedException {
        future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
