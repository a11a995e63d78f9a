package io.weir.transport.rpc.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.callhome.CallHome;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import io.weir.transport.testing.NatsServerProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The NATS request plane against a real nats-server: addressing, fast failures, size limits and restarts. */
class NatsRequestPlaneTest {

    private static NatsServerProcess nats;
    private static EventLoopGroup group;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TransportMetrics metrics = new TransportMetrics(registry, TransportId.NATS, Plane.REQUEST);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Set<String> servedBy = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startNats() {
        nats = NatsServerProcess.start();
        group = TcpChannels.newGroup(2);
    }

    @AfterAll
    static void stopNats() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        nats.close();
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private NatsSettings settings(String service, Duration timeout) {
        return new NatsSettings(nats.url(), "weir.test", service, timeout);
    }

    private NatsRpcServer worker(NatsSettings settings, String id) {
        TcpConnectionPool pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics),
                new PoolSettings(true, 8, 0, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1)),
                TcpSettings.DEFAULTS.maxStreamsPerConnection(), group.next(), Clock.systemUTC(), registry);
        resources.add(pool);
        RpcHandler whoami = (request, response) -> {
            servedBy.add(id);
            response.send(id.getBytes(StandardCharsets.UTF_8));
            response.end();
            return ControlHandler.NONE;
        };
        NatsRpcServer server = NatsRpcServer.start(settings, id, Map.of("whoami", whoami), pool, metrics);
        resources.add(server);
        return server;
    }

    private NatsRpcClient client(NatsSettings settings) {
        NatsRpcClient client = new NatsRpcClient(settings, group, new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
                TcpSettings.DEFAULTS, metrics);
        resources.add(client);
        return client;
    }

    private static Answer call(NatsRpcClient client, String subject, byte[] body) {
        Answer answer = new Answer();
        client.call(subject, new RpcRequest("whoami", Map.of(), body), 10, answer);
        return answer;
    }

    @Test
    void workersOfAServiceShareItsSubjectAndEachHasItsOwn() throws Exception {
        NatsSettings settings = settings("shared", Duration.ofSeconds(5));
        NatsRpcServer a = worker(settings, "a");
        NatsRpcServer b = worker(settings, "b");
        NatsRpcClient client = client(settings);
        assertThat(a.serviceSubject()).isEqualTo("weir.test.shared").isEqualTo(b.serviceSubject());
        assertThat(a.workerSubject()).isEqualTo("weir.test.shared.worker.a");
        for (int i = 0; i < 40; i++) {
            assertThat(call(client, a.serviceSubject(), new byte[0]).get(5, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b"); // the queue group spread them
        for (int i = 0; i < 10; i++) {
            assertThat(call(client, b.workerSubject(), new byte[0]).get(5, TimeUnit.SECONDS)).containsExactly("b");
        }
    }

    @Test
    void aServerThatWantsATokenServesWorkersAndCallersWithItAndRefusesTheRestSayingWhatToSet() throws Exception {
        try (var guarded = NatsServerProcess.start(List.of("--auth", "s3cret-token"))) {
            var withToken = new NatsSettings(guarded.url(), "weir.test", "guarded", Duration.ofSeconds(5), "s3cret-token");
            NatsRpcServer worker = worker(withToken, "g");
            assertThat(call(client(withToken), worker.serviceSubject(), new byte[0]).get(5, TimeUnit.SECONDS)).containsExactly("g");
            assertThat(withToken.toString()).doesNotContain("s3cret-token");

            var without = new NatsSettings(guarded.url(), "weir.test", "guarded", Duration.ofMillis(500));
            assertThatThrownBy(() -> client(without)).hasMessageContaining("Authorization Violation")
                    .hasMessageContaining("set WEIR_NATS_TOKEN");
            var wrong = new NatsSettings(guarded.url(), "weir.test", "guarded", Duration.ofMillis(500), "guess");
            assertThatThrownBy(() -> worker(wrong, "w")).hasMessageContaining("it refuses this WEIR_NATS_TOKEN");
        }
    }

    @Test
    void noResponderFailsWithinMillisecondsNotAfterTheTimeout() {
        NatsRpcClient client = client(settings("nobody", Duration.ofSeconds(30)));
        long start = System.nanoTime();
        Answer answer = call(client, "weir.test.nobody", new byte[0]);
        await().atMost(Duration.ofSeconds(2)).until(answer::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(answer.error()).isInstanceOf(RpcException.class)
                .hasMessage("no worker listens on NATS subject weir.test.nobody (no responders)");
        assertThat(registry.scrape()).contains(
                "weir_transport_requests_total{plane=\"request\",transport=\"nats\"} 1.0",
                "weir_transport_errors_total{error_type=\"refused\",transport=\"nats\"} 1.0");
    }

    @Test
    void killBeforeTheResponseStreamArrivesStillKillsTheHandler() {
        NatsSettings settings = settings("cancel", Duration.ofSeconds(5));
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        TcpConnectionPool pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics),
                PoolSettings.DEFAULTS.withSizes(8, 0), TcpSettings.DEFAULTS.maxStreamsPerConnection(), group.next(),
                Clock.systemUTC(), registry);
        resources.add(pool);
        RpcHandler forever = (request, response) -> new ControlHandler() {
            @Override
            public void onKill() {
                killed.set(true);
            }
        };
        resources.add(NatsRpcServer.start(settings, "w", Map.of("forever", forever), pool, metrics));
        NatsRpcClient client = client(settings);
        Answer answer = new Answer();
        client.call(settings.serviceSubject(), new RpcRequest("forever", Map.of(), new byte[0]), 10, answer).kill();
        await().untilTrue(killed); // the worker's call-home stream is refused, so its handler hears kill
        assertThat(answer).isNotDone();
    }

    @Test
    void subscriberThatNeverAcknowledgesTimesOutWithTheConfiguredTimeout() throws Exception {
        NatsRpcClient client = client(settings("silent", Duration.ofMillis(300)));
        try (Connection raw = Nats.connect(nats.url())) {
            raw.createDispatcher(message -> { }).subscribe("weir.test.silent");
            raw.flush(Duration.ofSeconds(5));
            Answer answer = call(client, "weir.test.silent", new byte[0]);
            await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
            assertThat(answer.error()).isInstanceOf(TransportException.class).isNotInstanceOf(RpcException.class)
                    .hasMessage("no acknowledgment and response stream from a worker on NATS subject weir.test.silent within 300 ms"
                            + " (WEIR_NATS_REQUEST_TIMEOUT_MS)");
        }
    }

    @Test
    void requestsBiggerThanMaxPayloadAreRefusedBeforeSending() {
        NatsSettings settings = settings("big", Duration.ofSeconds(5));
        NatsRpcServer worker = worker(settings, "w");
        NatsRpcClient client = client(settings);
        Answer answer = call(client, worker.serviceSubject(), new byte[2 << 20]);
        await().until(answer::isDone);
        assertThat(answer.error()).isInstanceOf(RpcException.class)
                .hasMessageContaining("more than the NATS server's max_payload of 1048576 bytes");
        assertThat(client.status()).isEqualTo(Connection.Status.CONNECTED); // the server did not drop us
        assertThat(call(client, worker.serviceSubject(), new byte[1000]).join()).containsExactly("w");
    }

    @Test
    void workerThatCannotCallHomeSaysSoInItsAcknowledgment() throws Exception {
        NatsSettings settings = settings("unreachable", Duration.ofSeconds(5));
        NatsRpcServer worker = worker(settings, "w");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Connection raw = Nats.connect(nats.url())) {
            Headers headers = new Headers().put(NatsHeaders.ENDPOINT, "whoami")
                    .put(CallHome.RESPONSE_ADDRESS, "127.0.0.1:" + closedPort).put(CallHome.RESPONSE_ID, "1")
                    .put(CallHome.INITIAL_CREDIT, "1");
            Message ack = raw.request(NatsMessage.builder().subject(worker.workerSubject()).headers(headers)
                    .data(new byte[0]).build(), Duration.ofSeconds(5));
            assertThat(ack.getHeaders().getFirst(NatsHeaders.ERROR)).isEqualTo("true");
            assertThat(new String(ack.getData(), StandardCharsets.UTF_8))
                    .startsWith("cannot call home to 127.0.0.1:" + closedPort + ": ");
        }
        assertThat(servedBy).isEmpty();
    }

    @Test
    void requestsFailClearlyWhileTheNatsServerIsDownAndSucceedOnceItIsBack() throws Exception {
        NatsSettings settings = settings("restart", Duration.ofSeconds(5));
        NatsRpcServer worker = worker(settings, "w");
        NatsRpcClient client = client(settings);
        assertThat(call(client, worker.serviceSubject(), new byte[0]).get(5, TimeUnit.SECONDS)).containsExactly("w");
        nats.stop();
        try {
            await().until(() -> client.status() != Connection.Status.CONNECTED);
            Answer down = call(client, worker.serviceSubject(), new byte[0]);
            await().atMost(Duration.ofSeconds(1)).until(down::isDone);
            assertThat(down.error()).isInstanceOf(TransportException.class)
                    .hasMessageContaining("the NATS server at " + nats.url() + " is unreachable");
        } finally {
            nats.restart();
        }
        // jnats reconnects both sides and re-subscribes the worker
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Answer again = call(client, worker.serviceSubject(), new byte[0]);
            again.handle((r, e) -> r).get(6, TimeUnit.SECONDS);
            return !again.isCompletedExceptionally();
        });
        assertThat(worker.status()).isEqualTo(Connection.Status.CONNECTED);
    }

    /** Completes with the records at the response's end. */
    private static final class Answer extends CompletableFuture<List<String>> implements ResponseListener {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onRecord(byte[] record) {
            records.add(new String(record, StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd() {
            complete(List.copyOf(records));
        }

        @Override
        public void onError(TransportException error) {
            completeExceptionally(error);
        }

        Throwable error() {
            return handle((r, e) -> e).join();
        }
    }
}
