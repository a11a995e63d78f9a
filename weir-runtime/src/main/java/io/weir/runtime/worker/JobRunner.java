package io.weir.runtime.worker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.WorkerPorts;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codec;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Starts one worker of a job: checks the parameters, builds the topology, and wires the worker's input (the source for
 * stage 1, else its upstream workers found through discovery) through its stage logic to its output (the SSE sink for
 * the last stage, else a server the next stage subscribes to). Returns once the data port is bound.
 */
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private JobRunner() {
    }

    public static RunningWorker start(WeirJob job, WorkerContext worker) {
        return start(job, worker, registry -> new WorkerMetricsServer(registry, worker.bindHost()));
    }

    /** What a worker checks before it binds anything: the parameters' types and the topology's stage count. */
    public static void check(WeirJob job, Map<String, String> parameters, int totalStages) {
        var context = new JobContext("check", 1, totalStages, 0, 0, Parameters.validate(job.parameters(), parameters),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        checkStages(job, job.topology(context), totalStages);
    }

    private static void checkStages(WeirJob job, Topology topology, int totalStages) {
        int stages = topology.stages().size();
        if (totalStages != stages) {
            throw new InvalidDefinitionException("the job cluster declares " + totalStages + " stages but "
                    + job.getClass().getName() + " has " + stages + ": make the cluster's stages match the topology");
        }
    }

    /** As {@link #start(WeirJob, WorkerContext)}, binding the worker's metrics server with {@code metricsServers}. */
    static RunningWorker start(WeirJob job, WorkerContext worker, Function<PrometheusMeterRegistry, WorkerMetricsServer> metricsServers) {
        var parameters = Parameters.validate(job.parameters(), worker.parameters());
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var context = new JobContext(worker.jobId(), worker.stage(), worker.totalStages(), worker.workerIndex(), worker.workerNumber(),
                parameters, metrics, worker.masterUrl(), worker.jobToken());
        Topology topology = job.topology(context);
        checkStages(job, topology, worker.totalStages());
        int stages = topology.stages().size();
        int stage = worker.stage();
        int port = worker.ports().isEmpty() ? 0 : worker.ports().get(0);
        StageDataPlane plane = null;
        WorkerMetricsServer metricsServer = null;
        RecordSink sink = null;
        Disposable running = null;
        try {
            plane = stages == 1 ? null : new StageDataPlane(worker, metrics);
            metricsServer = metricsServers.apply(metrics);
            var counters = new WorkerCounters(metrics, worker.jobId(), stage);
            Sinks.Empty<Void> stopSource = Sinks.empty();
            Flux<Object> input = stage == 1
                    ? sourceRecords(topology, context, counters, stopSource.asMono())
                    : plane.input(decoder(codecBefore(topology, stage)));
            Flux<Object> output = apply(topology.stages().get(stage - 1),
                    ProcessingTimer.timed(input.doOnNext(r -> counters.in()), counters.processing()))
                    .doOnNext(r -> counters.out());
            var completion = new CompletableFuture<Void>();
            int boundPort;
            if (stage == stages) {
                sink = RecordSinks.sse(worker.bindHost(), port, worker.jobToken(), metrics);
                boundPort = sink.port();
                running = output.subscribe(sink::publish, error -> fail(worker, completion, error), () -> completion.complete(null));
            } else {
                var next = topology.stages().get(stage);
                boundPort = plane.output(port, encoder(topology.stages().get(stage - 1).output()), next.isKeyed() ? keyOf(next, topology, stage) : null);
                running = plane.attachOutput(output, completion);
            }
            if (plane != null) {
                plane.startDiscovery(stage, stages);
            }
            log.info("Worker {} of {} (stage {} of {}) serving on port {}", worker.workerNumber(), worker.jobId(), stage, stages, boundPort);
            var ports = new WorkerPorts(List.of(boundPort), metricsServer.port(), null);
            var connections = plane;
            Runnable endInput = stage == 1 ? stopSource::tryEmitEmpty : () -> connections.drainInput(JobWorker.DRAIN_TIMEOUT);
            return new JobWorker(worker, ports, completion, endInput, plane, running, sink, metricsServer);
        } catch (Throwable e) {
            // Throwable, not RuntimeException: Netty's bind rethrows a checked BindException it does not declare
            release(running, sink, plane, metricsServer);
            throw e;
        }
    }

    /** Releases what a failed start bound, in reverse order; a failure to release one does not keep the others bound. */
    private static void release(Disposable running, RecordSink sink, StageDataPlane plane, WorkerMetricsServer metricsServer) {
        var steps = new java.util.ArrayList<Runnable>(4);
        if (running != null) {
            steps.add(running::dispose);
        }
        if (sink != null) {
            steps.add(sink::close);
        }
        if (plane != null) {
            steps.add(plane::close);
        }
        if (metricsServer != null) {
            steps.add(metricsServer::close);
        }
        for (var step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("Releasing what a failed worker start bound failed", e);
            }
        }
    }

    /** The source's records; without credit they wait, or are dropped and counted when the job says so. */
    private static Flux<Object> sourceRecords(Topology topology, JobContext context, WorkerCounters counters, Mono<Void> stop) {
        return SourceRecords.of(topology, context, counters::dropped).takeUntilOther(stop);
    }

    private static void fail(WorkerContext worker, CompletableFuture<Void> completion, Throwable error) {
        log.warn("Worker {} of {} failed", worker.workerNumber(), worker.jobId(), error);
        completion.completeExceptionally(error);
    }

    /** The codec of the records stage {@code stage} receives: the previous stage's output (stage 2 and later). */
    private static Codec<?> codecBefore(Topology topology, int stage) {
        return topology.stages().get(stage - 2).output();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<byte[], Object> decoder(Codec<?> codec) {
        return bytes -> ((Codec) codec).decode(bytes);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<Object, byte[]> encoder(Codec<?> codec) {
        return value -> ((Codec) codec).encode(value);
    }

    /** For a keyed next stage: the key of an encoded record, decoded with this stage's output codec. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<byte[], String> keyOf(StageSpec<?, ?> next, Topology topology, int stage) {
        Codec codec = topology.stages().get(stage - 1).output();
        Function key = next.key();
        return bytes -> (String) key.apply(codec.decode(bytes));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Flux<Object> apply(StageSpec<?, ?> stage, Flux<Object> input) {
        return (Flux<Object>) ((Function) stage.logic()).apply(input);
    }
}
