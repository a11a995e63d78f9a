package io.weir.transport.http;

import io.weir.transport.testing.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** {@link HttpServerLimits} and {@link ConnectionGate} on a real server, over real sockets. */
class HttpServerLimitsTest {

    private static final String PARTIAL_HEAD = "GET /ok HTTP/1.1\r\nHost: x\r\n";
    private static final String FULL_GET = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private DisposableServer server;
    private ConnectionGate gate;

    @AfterEach
    void stop() throws Exception {
        for (var c : closeables) {
            c.close();
        }
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    private int start(HttpServerLimits limits) {
        gate = new ConnectionGate("test", limits.maxConnections(), "TEST_MAX_CONNECTIONS", registry);
        server = limits.applyTo(HttpServer.create().host("127.0.0.1").port(0), gate)
                .route(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok")))
                        .get("/never", (req, res) -> res.sendString(Mono.never()))
                        .get("/ticks", (req, res) -> res.sendString(Flux.interval(Duration.ofMillis(20)).map(i -> "t\n")))
                        .post("/body", (req, res) -> res.sendString(req.receive().aggregate().asString())))
                .bindNow(Duration.ofSeconds(10));
        return server.port();
    }

    private RawConnection connect(int port) throws Exception {
        var c = new RawConnection(port);
        closeables.add(c);
        return c;
    }

    /** A new connection, once the gate counts {@code open} connections: admission order is connection order. */
    private RawConnection admitted(int port, int open) throws Exception {
        var c = connect(port);
        await().until(() -> gate.openConnections() == open);
        return c;
    }

    private double counter(String name) {
        return registry.get(name).tag("server", "test").counter().count();
    }

    @Test
    void atTheLimitANewConnectionClosesTheOldestThatSentNoRequest() throws Exception {
        int port = start(new HttpServerLimits(60_000, 60_000, 3));
        var oldest = admitted(port, 1).send(PARTIAL_HEAD);
        var second = admitted(port, 2).send(PARTIAL_HEAD);
        var third = admitted(port, 3).send(PARTIAL_HEAD);

        var client = connect(port).send(FULL_GET);
        assertThat(client.closedWithin(Duration.ofMillis(500))).isFalse();
        assertThat(client.received()).startsWith("HTTP/1.1 200").endsWith("ok");
        assertThat(oldest.closedWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(second.closedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(third.closedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(counter("weir.http.connections.evicted")).isEqualTo(1);
        assertThat(gate.openConnections()).isEqualTo(3);
    }

    @Test
    void connectionsServingRequestsAreNeverClosedToAdmitOthers() throws Exception {
        int port = start(new HttpServerLimits(60_000, 60_000, 2));
        var busy1 = connect(port).send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
        var busy2 = connect(port).send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
        await().until(() -> gate.openConnections() == 2);

        var refused = connect(port).send(FULL_GET);
        assertThat(refused.closedWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(refused.received()).isEmpty();
        assertThat(busy1.closedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(busy2.closedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(counter("weir.http.connections.refused")).isEqualTo(1);

        busy1.close();
        await().until(() -> gate.openConnections() == 1);
        var admitted = connect(port).send(FULL_GET);
        assertThat(admitted.closedWithin(Duration.ofMillis(500))).isFalse();
        assertThat(admitted.received()).startsWith("HTTP/1.1 200");
    }

    @Test
    void aHeadTrickledByteByByteIsClosedAtTheHeadTimeout() throws Exception {
        int port = start(new HttpServerLimits(300, 60_000, 100));
        var slow = connect(port);
        long start = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < 100 && !closed; i++) {
            try {
                slow.send(i == 0 ? "GET /ok HTTP/1.1\r\n" : "X-Drip: " + i + "\r\n");
            } catch (java.io.IOException e) {
                closed = true;
                break;
            }
            closed = slow.closedWithin(Duration.ofMillis(50));
        }
        assertThat(closed).as("closed while still trickling its head").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }

    @Test
    void aBodyThatNeverArrivesIsClosedAtTheBodyTimeout() throws Exception {
        int port = start(new HttpServerLimits(60_000, 300, 100));
        var c = connect(port).send("POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
        assertThat(c.closedWithin(Duration.ofSeconds(3))).isTrue();
        await().until(() -> gate.openConnections() == 0);
    }

    @Test
    void malformedRequestsAreAnswered400AndClosed() throws Exception {
        int port = start(HttpServerLimits.withMaxConnections(100));
        var c = connect(port).send("GARBAGE\r\n\r\n");
        assertThat(c.closedWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(c.received()).startsWith("HTTP/1.1 400");
    }

    @Test
    void oversizeRequestLinesAndHeadersAreAnswered414And431() throws Exception {
        int port = start(HttpServerLimits.withMaxConnections(100));
        var longLine = connect(port).send("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(longLine.closedWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(longLine.received()).startsWith("HTTP/1.1 414");
        var bigHeaders = connect(port).send("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9_000) + "\r\n\r\n");
        assertThat(bigHeaders.closedWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(bigHeaders.received()).startsWith("HTTP/1.1 431");
    }

    @Test
    void longResponsesOutliveBothTimeouts() throws Exception {
        int port = start(new HttpServerLimits(200, 200, 100));
        var c = connect(port).send("GET /ticks HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(c.closedWithin(Duration.ofMillis(1_000))).isFalse();
        assertThat(c.received()).startsWith("HTTP/1.1 200");
        int ticks = c.received().split("t\n", -1).length - 1;
        assertThat(ticks).isGreaterThan(10);
    }

    @Test
    void badLimitsNameTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpServerLimits(0, 1, 1))
                .hasMessage("headTimeoutMillis: 0 (expected: > 0)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HttpServerLimits(1, 1, 0))
                .hasMessage("maxConnections: 0 (expected: > 0)");
    }
}
