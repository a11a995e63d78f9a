package io.weir.transport.rpc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tls.TlsConfig;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.testing.RecordingResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keep-alives on the HTTP response plane: a caller that asks for them ({@code WEIR_HTTP_KEEPALIVE_MILLIS}) keeps a
 * silent response open in every format, and finds a server that went quiet (hung) after the missed intervals.
 */
class HttpKeepAliveTest {

    private static final Duration KEEPALIVE = Duration.ofMillis(50);
    private static final TransportMetrics METRICS = TransportMetrics.noop(TransportId.HTTP, Plane.REQUEST);

    private final RecordingResponse listener = new RecordingResponse(0);

    @ParameterizedTest
    @EnumSource(StreamFormat.class)
    void aSilentResponseStaysOpenOnKeepAlivesAndItsLaterRecordsArrive(StreamFormat format) {
        var sink = new AtomicReference<ResponseSink>();
        try (var server = HttpRpcServer.start(new InetSocketAddress("127.0.0.1", 0), "/v1/rpc", format,
                Map.of("quiet", (request, response) -> {
                    response.send("{\"n\":1}".getBytes());
                    sink.set(response);
                    return ControlHandler.NONE;
                }), METRICS);
             var client = new HttpRpcClient("/v1/rpc", 2, true, null, KEEPALIVE, 3, Duration.ofSeconds(5),
                     TlsConfig.disabled(), METRICS)) {
            client.call(server.address(), new RpcRequest("quiet", Map.of(), null), 10, listener);
            await().until(() -> listener.records.size() == 1);

            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> listener.error.get() == null);
            sink.get().send("{\"n\":2}".getBytes());
            await().until(() -> listener.records.size() == 2);
            assertThat(listener.records.get(1)).isEqualTo("{\"n\":2}");
            assertThat(listener.error.get()).isNull();
        }
    }

    @Test
    void aServerThatHangsMidResponseFailsTheCallAfterTheMissedKeepAlives() throws Exception {
        var serverLoop = TcpChannels.newGroup(1);
        var release = new CountDownLatch(1);
        try (var server = HttpRpcServer.start(new InetSocketAddress("127.0.0.1", 0), "/v1/rpc", StreamFormat.SSE,
                Duration.ofHours(1), Map.of("quiet", (request, response) -> {
                    response.send("{\"n\":1}".getBytes());
                    return ControlHandler.NONE;
                }), null, serverLoop, TlsConfig.disabled(), METRICS);
             var client = new HttpRpcClient("/v1/rpc", 2, true, null, KEEPALIVE, 3, Duration.ofSeconds(5),
                     TlsConfig.disabled(), METRICS)) {
            client.call(server.address(), new RpcRequest("quiet", Map.of(), null), 10, listener);
            await().until(() -> listener.records.size() == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> listener.error.get() == null);

            serverLoop.execute(() -> awaitQuietly(release)); // the server's only I/O thread hangs
            long hungAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.error.get() != null);
            long millis = (System.nanoTime() - hungAt) / 1_000_000;
            assertThat(listener.error.get()).hasMessageContaining("no byte from the server");
            assertThat(millis).as("after 3 missed 50 ms keep-alives, not before").isBetween(100L, 1_000L);
            release.countDown(); // before the server closes, which needs its loop
        } finally {
            release.countDown();
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsTheCallAfterTheRequestTimeout() throws Exception {
        try (var hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var client = new HttpRpcClient("/v1/rpc", 2, true, null, Duration.ZERO, 3, Duration.ofMillis(300),
                     TlsConfig.disabled(), METRICS)) {
            client.call(new InetSocketAddress("127.0.0.1", hung.getLocalPort()), new RpcRequest("any", Map.of(), null), 10,
                    listener);
            try (Socket accepted = hung.accept()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> listener.error.get() != null);
                assertThat(listener.error.get()).hasMessageContaining("no response from the server within")
                        .hasMessageContaining("WEIR_HTTP_REQUEST_TIMEOUT");
            }
        }
    }

    @Test
    void withoutKeepAlivesASilentResponseHasStartedSoTheRequestTimeoutDoesNotEndIt() {
        try (var server = HttpRpcServer.start(new InetSocketAddress("127.0.0.1", 0), "/v1/rpc", StreamFormat.NDJSON,
                Map.of("silent", (request, response) -> ControlHandler.NONE), METRICS);
             var client = new HttpRpcClient("/v1/rpc", 2, true, null, Duration.ZERO, 3, Duration.ofMillis(300),
                     TlsConfig.disabled(), METRICS)) {
            client.call(server.address(), new RpcRequest("silent", Map.of(), null), 10, listener);
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> listener.error.get() == null);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCallerThatGrantsNoMoreCreditIsNotFailedWhileTheServerWaitsForIt() {
        try (var server = HttpRpcServer.start(new InetSocketAddress("127.0.0.1", 0), "/v1/rpc", StreamFormat.BINARY,
                Map.of("flood", (request, response) -> {
                    byte[] big = new byte[64 * 1024];
                    for (int i = 0; i < 1_000 && response.send(big); i++) {
                        // fills the buffer, then the socket, until the caller reads again
                    }
                    return ControlHandler.NONE;
                }), METRICS);
             var client = new HttpRpcClient("/v1/rpc", 2, true, null, KEEPALIVE, 3, Duration.ofSeconds(5),
                     TlsConfig.disabled(), METRICS)) {
            var call = client.call(server.address(), new RpcRequest("flood", Map.of(), null), 1, listener);
            await().until(() -> listener.records.size() == 1);
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> listener.error.get() == null);
            call.request(5);
            await().until(() -> listener.records.size() == 6);
            assertThat(listener.error.get()).isNull();
        }
    }
}
