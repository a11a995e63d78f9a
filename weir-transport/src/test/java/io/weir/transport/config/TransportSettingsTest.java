package io.weir.transport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.planes.RpcClients;
import io.weir.transport.rpc.planes.RpcServers;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.testing.RecordingResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each transport setting whose effect no other test shows through its variable: set it as a process would
 * ({@code WEIR_*}), start the servers and the client from that configuration ({@link RpcServers},
 * {@link RpcClients}), and watch what changes.
 */
class TransportSettingsTest {

    private static final Map<String, RpcHandler> HANDLERS = Map.of(
            "echo", (request, response) -> {
                response.send(request.body());
                response.end();
                return ControlHandler.NONE;
            },
            "big", (request, response) -> {
                try {
                    response.send(new byte[Integer.parseInt(request.params().get("bytes"))]);
                    response.end();
                } catch (RuntimeException e) {
                    response.fail(e.getMessage());
                }
                return ControlHandler.NONE;
            },
            "hold", (request, response) -> {
                response.send(new byte[] {1});
                return ControlHandler.NONE;
            });

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<EventLoopGroup> groups = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        groups.forEach(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }

    @Test
    void maxFrameBytesRefusesALargerRecordThatTheDefaultCarries() {
        var small = servers(env("tcp", "WEIR_TCP_MAX_FRAME_BYTES", "4096"));
        var call = call(client(env("tcp", "WEIR_TCP_MAX_FRAME_BYTES", "4096")), small, "big", Map.of("bytes", "8000"));
        await().until(() -> call.error.get() != null);
        assertThat(call.error.get()).hasMessageContaining("maxFrameBytes");

        var defaults = servers(env("tcp"));
        var fine = call(client(env("tcp")), defaults, "big", Map.of("bytes", "8000"));
        await().until(() -> fine.ended.get());
        assertThat(fine.records).hasSize(1);
    }

    @Test
    void maxStreamsPerConnectionMakesThePoolOpenAnotherConnection() {
        var servers = servers(env("tcp", "WEIR_TCP_MAX_STREAMS_PER_CONNECTION", "2"));
        var meters = new SimpleMeterRegistry();
        var client = client(env("tcp", "WEIR_TCP_MAX_STREAMS_PER_CONNECTION", "2"), meters);
        for (int i = 0; i < 3; i++) {
            var held = call(client, servers, "hold", Map.of());
            await().until(() -> held.records.size() == 1);
        }
        assertThat(opened(meters)).as("3 streams, 2 per connection").isEqualTo(2);
    }

    @Test
    void poolDisabledDialsForEveryCall() {
        var servers = servers(env("tcp"));
        var pooled = new SimpleMeterRegistry();
        var unpooled = new SimpleMeterRegistry();
        var withPool = client(env("tcp"), pooled);
        var withoutPool = client(env("tcp", "WEIR_TCP_POOL_ENABLED", "false"), unpooled);
        for (int i = 0; i < 3; i++) {
            var a = call(withPool, servers, "echo", Map.of());
            var b = call(withoutPool, servers, "echo", Map.of());
            await().until(() -> a.ended.get() && b.ended.get());
        }
        assertThat(opened(pooled)).isEqualTo(1);
        assertThat(opened(unpooled)).isEqualTo(3);
    }

    @Test
    void requestMaxConnectionsRefusesTheConnectionBeyondIt() {
        var servers = servers(env("tcp", "WEIR_TCP_REQUEST_MAX_CONNECTIONS", "1"));
        var first = call(client(env("tcp")), servers, "hold", Map.of());
        await().until(() -> first.records.size() == 1);
        var second = call(client(env("tcp")), servers, "echo", Map.of());
        await().until(() -> second.error.get() != null);
        assertThat(second.error.get()).hasMessageContaining("maxConnections");
    }

    @Test
    void requestTimeoutBoundsTheDialOfAServerThatTakesNoConnection() throws Exception {
        // a listener whose accept queue is full: the kernel drops further SYNs, so a dial hangs until its timeout
        var full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(full);
        for (int i = 0; i < 4; i++) {
            var s = new Socket();
            closeables.add(s);
            try {
                s.connect(full.getLocalSocketAddress(), 200);
            } catch (java.io.IOException e) {
                break; // the queue is full
            }
        }
        var client = client(env("tcp", "WEIR_TCP_REQUEST_TIMEOUT_SECS", "1"));
        long start = System.nanoTime();
        var call = new RecordingResponse(0);
        client.call(new InetSocketAddress("127.0.0.1", full.getLocalPort()), new RpcRequest("echo", Map.of(), new byte[0]), 1, call);
        await().atMost(Duration.ofSeconds(10)).until(() -> call.error.get() != null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("the dial gave up after about 1 s, not the default 5 s").isBetween(900L, 3_500L);
    }

    @Test
    void httpRootPathMovesTheEndpointsAndTheClientFollowsIt() {
        var servers = servers(env("http", "WEIR_RESPONSE_PLANE", "http", "WEIR_HTTP_RPC_ROOT_PATH", "/svc/rpc"));
        assertThat(servers.endpoints().get(0).address()).endsWith("/svc/rpc");
        var ok = call(client(env("http", "WEIR_RESPONSE_PLANE", "http", "WEIR_HTTP_RPC_ROOT_PATH", "/svc/rpc")), servers,
                "echo", Map.of());
        await().until(() -> ok.ended.get());
        var elsewhere = call(client(env("http", "WEIR_RESPONSE_PLANE", "http")), servers, "echo", Map.of());
        await().until(() -> elsewhere.error.get() != null);
        assertThat(elsewhere.error.get()).hasMessageContaining("404");
    }

    @Test
    void pingIntervalAndMissedPongsFindAHungServer() {
        var serverLoop = TcpChannels.newGroup(1);
        groups.add(serverLoop);
        var servers = servers(env("tcp"), serverLoop);
        var client = client(env("tcp", "WEIR_TCP_PING_INTERVAL_MILLIS", "50", "WEIR_TCP_MAX_MISSED_PONGS", "2"));
        var call = call(client, servers, "hold", Map.of());
        await().until(() -> call.records.size() == 1);
        var release = hang(serverLoop);
        await().atMost(Duration.ofSeconds(5)).until(() -> call.error.get() != null);
        release.countDown();
        assertThat(call.error.get()).hasMessageContaining("answered none of 2 PINGs sent 50 ms apart");
    }

    @Test
    void httpKeepAliveAndMissedKeepAlivesFindAHungServer() {
        var serverLoop = TcpChannels.newGroup(1);
        groups.add(serverLoop);
        var servers = servers(env("http", "WEIR_RESPONSE_PLANE", "http"), serverLoop);
        var client = client(env("http", "WEIR_RESPONSE_PLANE", "http", "WEIR_HTTP_KEEPALIVE_MILLIS", "50",
                "WEIR_HTTP_MAX_MISSED_KEEPALIVES", "2"));
        var call = call(client, servers, "hold", Map.of());
        await().until(() -> call.records.size() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> call.error.get() == null);
        var release = hang(serverLoop);
        await().atMost(Duration.ofSeconds(5)).until(() -> call.error.get() != null);
        release.countDown();
        assertThat(call.error.get()).hasMessageContaining("keep-alive every 50 ms");
    }

    private static Map<String, String> env(String plane, String... more) {
        var env = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", plane, "WEIR_TCP_REQUEST_HOST", "127.0.0.1", "WEIR_TCP_REQUEST_PORT", "0",
                "WEIR_HTTP_RPC_HOST", "127.0.0.1", "WEIR_HTTP_RPC_PORT", "0", "WEIR_TCP_RESPONSE_HOST", "127.0.0.1",
                "WEIR_TCP_POOL_MIN_IDLE", "0"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private RpcServers servers(Map<String, String> env) {
        var group = TcpChannels.newGroup(1);
        groups.add(group);
        return servers(env, group);
    }

    private RpcServers servers(Map<String, String> env, EventLoopGroup group) {
        var servers = RpcServers.start(TransportConfig.from(env, new Properties()), HANDLERS, group, new SimpleMeterRegistry(),
                Clock.systemUTC());
        closeables.add(servers);
        return servers;
    }

    private RpcClient client(Map<String, String> env) {
        return client(env, new SimpleMeterRegistry());
    }

    private RpcClient client(Map<String, String> env, MeterRegistry meters) {
        var group = TcpChannels.newGroup(1);
        groups.add(group);
        var client = RpcClients.create(TransportConfig.from(env, new Properties()), StandardTransports.registry(),
                TransportCapabilities.NONE, group, meters, Clock.systemUTC());
        closeables.add(client);
        return client;
    }

    private static RecordingResponse call(RpcClient client, RpcServers servers, String endpoint, Map<String, String> params) {
        var recording = new RecordingResponse(0);
        TransportId plane = servers.endpoints().get(0).transportId();
        client.call(servers.address(plane), new RpcRequest(endpoint, params, new byte[] {7}), 10, recording);
        return recording;
    }

    private static double opened(SimpleMeterRegistry meters) {
        return meters.find("weir.tcp.pool.connections.opened").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Blocks the group's only thread, as a hung process would, until the returned latch is released. */
    private static CountDownLatch hang(EventLoopGroup group) {
        var release = new CountDownLatch(1);
        group.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }
}
