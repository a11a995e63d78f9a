package io.weir.client.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.client.WeirClient;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.ServiceAssignment;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.planes.RpcClients;
import io.weir.transport.tcp.TcpChannels;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Opens sessions of streaming services: asks the master's director for workers through {@code client} and calls them
 * on the request plane its transport settings choose ({@code WEIR_REQUEST_PLANE}, ... from the environment, overridden
 * by the settings given). Unless set, a TCP connection is pinged every {@value #DEFAULT_PING_MILLIS} ms and declared
 * dead after {@value #DEFAULT_MISSED_PONGS} missed pongs, and an HTTP response stream gets a keep-alive after as much
 * silence and fails after as many missed ones, so a hung worker is found in about 300 ms. One thread runs
 * every session's state; one Netty group their connections. Thread-safe; close it after its sessions.
 */
public final class ServiceClient implements AutoCloseable {

    public static final long DEFAULT_PING_MILLIS = 100;
    public static final int DEFAULT_MISSED_PONGS = 3;

    private final WeirClient client;
    private final TransportConfig transport;
    private final EventLoopGroup group;
    private final RpcClient rpc;
    private final ScheduledExecutorService loop;
    private final SessionMetrics metrics;
    private final ClientRouter router;

    private ServiceClient(WeirClient client, TransportConfig transport, MeterRegistry meters) {
        this.client = client;
        this.transport = transport;
        this.group = TcpChannels.newGroup(2);
        this.rpc = RpcClients.create(transport, StandardTransports.registry(), TransportCapabilities.NONE, group, meters, Clock.systemUTC());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "weir-service-sessions");
            t.setDaemon(true);
            return t;
        });
        this.metrics = new SessionMetrics(meters);
        this.router = new ClientRouter(client);
    }

    /** A client with the transport settings of this process's environment. */
    public static ServiceClient create(WeirClient client) {
        return create(client, Map.of(), new SimpleMeterRegistry());
    }

    /** A client whose transport {@code settings} ({@code WEIR_REQUEST_PLANE} and others) override the environment's. */
    public static ServiceClient create(WeirClient client, Map<String, String> settings, MeterRegistry meters) {
        Objects.requireNonNull(client, "client");
        var env = new HashMap<>(System.getenv());
        env.putIfAbsent("WEIR_TCP_PING_INTERVAL_MILLIS", String.valueOf(DEFAULT_PING_MILLIS));
        env.putIfAbsent("WEIR_TCP_MAX_MISSED_PONGS", String.valueOf(DEFAULT_MISSED_PONGS));
        env.putIfAbsent("WEIR_HTTP_KEEPALIVE_MILLIS", String.valueOf(DEFAULT_PING_MILLIS));
        env.putIfAbsent("WEIR_HTTP_MAX_MISSED_KEEPALIVES", String.valueOf(DEFAULT_MISSED_PONGS));
        env.putAll(settings);
        return new ServiceClient(client, TransportConfig.from(env, new Properties()), meters);
    }

    /** A session of the streaming service that the job cluster {@code cluster} runs. */
    public ServiceSession.Builder session(String cluster) {
        return new ServiceSession.Builder(this, cluster);
    }

    /** The transport requests go out on. */
    public TransportId requestPlane() {
        return transport.requestPlane();
    }

    WeirClient client() {
        return client;
    }

    /** The worker for a session of {@code cluster}, chosen as {@code routing} says. */
    Mono<ServiceAssignment> assign(String cluster, AssignmentRequest request, Routing routing) {
        return routing == Routing.DIRECTOR ? client.jobClusters().assignAsync(cluster, request) : router.assign(cluster, request, routing);
    }

    /** Counts a session on the worker of {@code a} ({@code delta} 1) or ends it (-1), for {@link Routing#LEAST_LOADED}. */
    void serving(ServiceAssignment a, int delta) {
        router.serving(a.jobId(), a.workerNumber(), delta);
    }

    RpcClient rpc() {
        return rpc;
    }

    ScheduledExecutorService loop() {
        return loop;
    }

    SessionMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        router.close();
        rpc.close();
        loop.shutdown();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
