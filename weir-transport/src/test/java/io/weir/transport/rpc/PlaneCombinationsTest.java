package io.weir.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.http.CallHomeRpcClient;
import io.weir.transport.rpc.http.HttpRpcClient;
import io.weir.transport.rpc.http.HttpRpcServer;
import io.weir.transport.rpc.nats.NatsRpcClient;
import io.weir.transport.rpc.nats.NatsRpcServer;
import io.weir.transport.rpc.nats.NatsSettings;
import io.weir.transport.rpc.tcp.TcpRpcClient;
import io.weir.transport.rpc.tcp.TcpRpcServer;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import io.weir.transport.testing.NatsServerProcess;
import io.weir.transport.testing.RecordingResponse;
import io.weir.transport.tls.TlsConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every request/response plane combination end to end over loopback sockets. */
class PlaneCombinationsTest {

    /**
     * Request plane / response plane (and for HTTP, the body format); HTTP_TCP and NATS_TCP are the call-home
     * modes (NATS_TCP against a real nats-server, addressed by the service's subject).
     */
    enum Combination { TCP_TCP, HTTP_SSE, HTTP_NDJSON, HTTP_BINARY, HTTP_TCP, NATS_TCP }

    private static EventLoopGroup group;
    private static ScheduledExecutorService ticker;
    private static NatsServerProcess nats;
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private final TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.REQUEST);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean killed = new AtomicBoolean();
    private AutoCloseable server;
    private RpcClient client;
    private TcpConnectionPool pool;
    private InetSocketAddress target;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ticker = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopGroup() {
        if (nats != null) {
            nats.close();
        }
        ticker.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private Map<String, RpcHandler> handlers() {
        return Map.of(
                "count", (request, response) -> {
                    Counter counter = new Counter(response, Integer.parseInt(request.params().get("n")),
                            new String(request.body(), StandardCharsets.UTF_8));
                    counter.onReady();
                    return counter;
                },
                "fail", (request, response) -> {
                    // one record, then the failure; waits for credit if the plane has given none yet
                    ControlHandler failAfterOne = new ControlHandler() {
                        private final AtomicBoolean sent = new AtomicBoolean();

                        @Override
                        public void onReady() {
                            if (!sent.get() && response.send("{\"n\":0}".getBytes(StandardCharsets.UTF_8))
                                    && sent.compareAndSet(false, true)) {
                                response.fail("disk full while answering " + request.params().get("who"));
                            }
                        }
                    };
                    failAfterOne.onReady();
                    return failAfterOne;
                },
                "throw", (request, response) -> {
                    throw new IllegalStateException("cannot parse request");
                },
                "tick", (request, response) -> {
                    ScheduledFuture<?> task = ticker.scheduleAtFixedRate(
                            () -> response.send("{\"tick\":1}".getBytes(StandardCharsets.UTF_8)), 0, 5,
                            TimeUnit.MILLISECONDS);
                    return new ControlHandler() {
                        @Override
                        public void onStop() {
                            task.cancel(false);
                            stopped.set(true);
                            response.end();
                        }

                        @Override
                        public void onKill() {
                            task.cancel(false);
                            killed.set(true);
                        }
                    };
                });
    }

    private void start(Combination combination) {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        if (combination == Combination.TCP_TCP) {
            TcpRpcServer tcp = TcpRpcServer.start(group, any, TcpSettings.DEFAULTS, handlers(), metrics);
            server = tcp;
            target = tcp.address();
            pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics), PoolSettings.DEFAULTS,
                    TcpSettings.DEFAULTS.maxStreamsPerConnection(), group.next(), Clock.systemUTC(),
                    new SimpleMeterRegistry());
            client = new TcpRpcClient(pool, metrics);
        } else if (combination == Combination.HTTP_TCP) {
            pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics), PoolSettings.DEFAULTS,
                    TcpSettings.DEFAULTS.maxStreamsPerConnection(), group.next(), Clock.systemUTC(),
                    new SimpleMeterRegistry());
            HttpRpcServer http = HttpRpcServer.start(any, "/v1/rpc", StreamFormat.SSE, handlers(), pool, metrics);
            server = http;
            target = http.address();
            client = new CallHomeRpcClient(group, any, "127.0.0.1", TcpSettings.DEFAULTS, "/v1/rpc",
                    Duration.ofSeconds(5), TlsConfig.disabled(), metrics);
        } else if (combination == Combination.NATS_TCP) {
            if (nats == null) {
                nats = NatsServerProcess.start();
            }
            pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics), PoolSettings.DEFAULTS,
                    TcpSettings.DEFAULTS.maxStreamsPerConnection(), group.next(), Clock.systemUTC(),
                    new SimpleMeterRegistry());
            NatsSettings settings = new NatsSettings(nats.url(), "weir.test", "svc" + SERVICES.incrementAndGet(),
                    Duration.ofSeconds(5));
            NatsRpcServer worker = NatsRpcServer.start(settings, handlers(), pool, metrics);
            server = worker;
            target = NatsRpcClient.target(worker.serviceSubject());
            client = new NatsRpcClient(settings, group, any, "127.0.0.1", TcpSettings.DEFAULTS, metrics);
        } else {
            StreamFormat format = StreamFormat.valueOf(combination.name().substring(5));
            HttpRpcServer http = HttpRpcServer.start(any, "/v1/rpc", format, handlers(), metrics);
            server = http;
            target = http.address();
            client = new HttpRpcClient("/v1/rpc", 4, metrics);
        }
    }

    private RecordingResponse call(String endpoint, Map<String, String> params, String body, long credit, int step) {
        RecordingResponse response = new RecordingResponse(step);
        response.attach(client.call(target, new RpcRequest(endpoint, params, body.getBytes(StandardCharsets.UTF_8)),
                credit, response));
        return response;
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void responseStreamsEveryRecordInOrderUnderCredit(Combination combination) {
        start(combination);
        RecordingResponse response = call("count", Map.of("n", "500"), "q", 16, 16);
        await().until(response::finished);
        assertThat(response.error.get()).isNull();
        assertThat(response.records).isEqualTo(IntStream.range(0, 500)
                .mapToObj(i -> "{\"q\":\"q\",\"n\":" + i + "}").toList());
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void stalledCallerStopsTheHandler(Combination combination) {
        start(combination);
        RecordingResponse response = call("count", Map.of("n", "100000"), "s", 5, 0);
        await().until(() -> response.records.size() == 5);
        assertThat(response.finished()).isFalse();
        response.call.get().request(7);
        await().until(() -> response.records.size() == 12);
        assertThat(response.records).hasSize(12);
        response.call.get().kill();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void handlerErrorReachesTheCallerAsAnError(Combination combination) {
        start(combination);
        RecordingResponse failed = call("fail", Map.of("who", "ann"), "", 10, 0);
        RecordingResponse thrown = call("throw", Map.of(), "", 10, 0);
        RecordingResponse unknown = call("nope", Map.of(), "", 10, 0);
        await().until(() -> failed.finished() && thrown.finished() && unknown.finished());
        assertThat(failed.records).containsExactly("{\"n\":0}");
        assertThat(failed.error.get()).isInstanceOf(RpcException.class)
                .hasMessage("disk full while answering ann");
        assertThat(thrown.error.get()).isInstanceOf(RpcException.class).hasMessage("throw failed: cannot parse request");
        assertThat(unknown.error.get()).isInstanceOf(RpcException.class)
                .hasMessage("no handler for endpoint 'nope' (serving: count, fail, throw, tick)");
        assertThat(failed.ended).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void stopEndsTheResponseGracefully(Combination combination) {
        start(combination);
        RecordingResponse response = call("tick", Map.of(), "", Long.MAX_VALUE, 0);
        await().until(() -> response.records.size() >= 3);
        response.call.get().stop();
        await().untilTrue(response.ended);
        assertThat(stopped).isTrue();
        assertThat(killed).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void killAbortsTheHandler(Combination combination) {
        start(combination);
        RecordingResponse response = call("tick", Map.of(), "", Long.MAX_VALUE, 0);
        await().until(() -> response.records.size() >= 3);
        response.call.get().kill();
        await().untilTrue(killed);
        assertThat(stopped).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Combination.class)
    void sequentialCallsWithExactCreditFinishAndFreeTheirConnections(Combination combination) {
        start(combination);
        for (int i = 0; i < 50; i++) {
            RecordingResponse response = call("count", Map.of("n", "1"), "x", 1, 0);
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(response::finished);
            assertThat(response.records).containsExactly("{\"q\":\"x\",\"n\":0}");
            assertThat(response.ended).isTrue();
        }
    }

    /** Sends n JSON records as far as the sink accepts, resuming when the caller is ready again. */
    private static final class Counter implements ControlHandler {
        private final ResponseSink sink;
        private final int n;
        private final String q;
        private int next;

        Counter(ResponseSink sink, int n, String q) {
            this.sink = sink;
            this.n = n;
            this.q = q;
        }

        @Override
        public synchronized void onReady() {
            while (next < n && sink.send(("{\"q\":\"" + q + "\",\"n\":" + next + "}").getBytes(StandardCharsets.UTF_8))) {
                next++;
            }
            if (next == n) {
                next++;
                sink.end();
            }
        }
    }
}
