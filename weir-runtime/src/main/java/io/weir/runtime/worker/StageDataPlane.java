package io.weir.runtime.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.config.Settings;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.connect.DynamicConnectionSet;
import io.weir.runtime.connect.Endpoint;
import io.weir.runtime.connect.Endpoints;
import io.weir.runtime.connect.ReconcileSettings;
import io.weir.runtime.connect.Reconciliator;
import io.weir.runtime.connect.TaskScheduler;
import io.weir.runtime.discovery.SchedulingInfoClient;
import io.weir.runtime.stream.StageInput;
import io.weir.runtime.stream.StageOutput;
import io.weir.runtime.stream.StreamParams;
import io.weir.runtime.stream.SubscriberAdmission;
import io.weir.runtime.stream.UpstreamConnector;
import io.weir.runtime.stream.UpstreamLink;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tls.TlsConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The connections of one worker of a multi-stage job: it follows the job's scheduling info, keeps a dynamic set of
 * subscriptions to the previous stage's Started workers ({@link StageOutput#SLOTS} per worker, with the job's token), and serves its own output to the next stage,
 * routing by key over a consistent-hash ring of the next stage's worker indexes when that stage is keyed. A middle
 * stage subscribes upstream only once the next stage has subscribed to it, so it never takes records (a credit
 * window's worth) that it would have nowhere to send, for instance when it is scaled away before it was ever used.
 */
final class StageDataPlane implements AutoCloseable {

    /** How long a subscription of a keyed next stage may hold up this worker's output without credit. */
    static final String CREDIT_TIMEOUT_VARIABLE = "WEIR_STREAM_CREDIT_TIMEOUT_MS";
    private static final long DEFAULT_CREDIT_TIMEOUT_MILLIS = 10_000;

    private final WorkerContext worker;
    private final MeterRegistry metrics;
    private final EventLoopGroup group = TcpChannels.newGroup(1);
    private final ScheduledExecutorService owner;
    private final TaskScheduler scheduler;
    private final TransportMetrics transportMetrics;
    private final TlsConfig tls = TlsConfig.fromProcess();
    private StageInput input;
    private Reconciliator<UpstreamLink> reconciliator;
    private DynamicConnectionSet<UpstreamLink> connections;
    private StageOutput output;
    private Disposable discovery;
    private volatile Set<Endpoint> upstream;
    private Function<Object, byte[]> encoder;

    StageDataPlane(WorkerContext worker, MeterRegistry metrics) {
        this.worker = worker;
        this.metrics = metrics;
        this.owner = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "weir-stage-connections-" + worker.jobId() + "-" + worker.workerNumber());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = TaskScheduler.of(owner);
        this.transportMetrics = new TransportMetrics(metrics, TransportId.TCP, Plane.STREAM);
    }

    /** The records from the previous stage's workers, decoded; connections are made once discovery starts. */
    Flux<Object> input(Function<byte[], Object> decode) {
        input = new StageInput();
        var client = new TcpClient(group, tls.applyTo(TcpSettings.DEFAULTS), transportMetrics).withConnectTimeout(Duration.ofSeconds(2));
        var connector = new UpstreamConnector(client, StreamParams.subscribe(worker.jobId(), worker.stage(), worker.workerIndex(),
                worker.workerNumber(), worker.jobToken()), input);
        connections = new DynamicConnectionSet<>("stage" + worker.stage() + "-worker" + worker.workerNumber(), connector,
                StageOutput.SLOTS, scheduler, metrics);
        reconciliator = new Reconciliator<>(connections, ReconcileSettings.defaults(), scheduler, RandomGenerator.getDefault());
        return input.records().map(decode);
    }

    /** Binds the server the next stage subscribes to; {@code keyOf} is null when the next stage is scalar. */
    int output(int port, Function<Object, byte[]> encode, Function<byte[], String> keyOf) {
        var admission = new SubscriberAdmission(worker.jobId(), worker.stage(), worker.jobToken(), StageOutput.SLOTS, metrics);
        long creditTimeout = Settings.fromProcess().longValue(CREDIT_TIMEOUT_VARIABLE, DEFAULT_CREDIT_TIMEOUT_MILLIS, 100);
        output = new StageOutput(group, worker.bindHost(), port, keyOf, admission, Duration.ofMillis(creditTimeout), transportMetrics,
                tls);
        encoder = encode;
        return output.port();
    }

    Disposable attachOutput(Flux<Object> records, CompletableFuture<Void> completion) {
        records.map(encoder).doOnError(completion::completeExceptionally).doOnComplete(() -> completion.complete(null)).subscribe(output);
        return output;
    }

    /**
     * Ends the input without losing what is under way: stops reconnecting, asks every upstream to send what it has
     * queued and end, and completes the input once all have ended (or after {@code timeout}, or at once when the
     * upstream is gone).
     */
    void drainInput(Duration timeout) {
        if (reconciliator == null) {
            return;
        }
        reconciliator.stopReconciling(() -> input.drain(timeout));
    }

    /** Completes once this worker's output has completed and the next stage has every record. */
    CompletableFuture<Void> outputDrained() {
        return output == null ? CompletableFuture.completedFuture(null) : output.drained();
    }

    /** Follows the job's scheduling info: upstream endpoints for the input, the next stage's size for the ring. */
    void startDiscovery(int stage, int stages) {
        if (reconciliator != null) {
            reconciliator.start();
            if (output != null) {
                output.subscribed().thenRun(this::followUpstream);
            }
        }
        discovery = new SchedulingInfoClient(worker.masterUrl(), Duration.ofSeconds(15), worker.jobToken(), tls).follow(worker.jobId())
                .subscribe(info -> onSchedulingInfo(info, stage, stages));
    }

    private void onSchedulingInfo(JobSchedulingInfo info, int stage, int stages) {
        if (info.workerAssignments() == null) {
            return;
        }
        if (reconciliator != null) {
            upstream = Endpoints.forStage(info, stage - 1).orElse(Set.of());
            if (output == null || output.subscribed().isDone()) {
                followUpstream();
            }
        }
        WorkerAssignments next = info.workerAssignments().get(stage + 1);
        if (output != null && next != null) {
            output.nextStage(next);
        }
    }

    private void followUpstream() {
        var endpoints = upstream;
        if (endpoints != null) {
            reconciliator.expect(endpoints);
        }
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.dispose();
        }
        if (reconciliator != null) {
            reconciliator.close();
        }
        if (connections != null) {
            connections.close();
        }
        if (output != null) {
            output.close();
        }
        owner.shutdownNow();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
