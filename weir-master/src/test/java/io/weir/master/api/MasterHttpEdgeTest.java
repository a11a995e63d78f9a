package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.master.testing.MasterFixture;
import io.weir.transport.testing.RawConnection;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.Stores;
import io.weir.transport.http.HttpServerLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the master's HTTP port does with clients that send garbage, never finish a request, or open too many connections. */
class MasterHttpEdgeTest {

    private static final Duration SHORT = Duration.ofMillis(1_000);

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (var c : closeables) {
            c.close();
        }
        fixture.close();
    }

    private int start(HttpServerLimits limits) {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).httpLimits(limits).start();
        return URI.create(fixture.http().base()).getPort();
    }

    private RawConnection connect(int port) throws Exception {
        var c = new RawConnection(port);
        closeables.add(c);
        return c;
    }

    @Test
    void garbageIsAnswered400AndTheConnectionClosed() throws Exception {
        int port = start(new HttpServerLimits(60_000, 60_000, 100));
        var garbage = connect(port).send("GARBAGE\r\n\r\n");
        assertThat(garbage.closedWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(garbage.received()).startsWith("HTTP/1.1 400");
        var binary = connect(port).send("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\r\n\r\n");
        assertThat(binary.closedWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(binary.received()).startsWith("HTTP/1.1 400");
    }

    @Test
    void aRequestHeadThatNeverEndsIsClosedAtTheHeadTimeout() throws Exception {
        int port = start(new HttpServerLimits(SHORT.toMillis(), 60_000, 100));
        var noLineEnd = connect(port).send("GARBAGE");
        var halfHead = connect(port).send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        assertThat(noLineEnd.closedWithin(SHORT.multipliedBy(5))).isTrue();
        assertThat(halfHead.closedWithin(SHORT.multipliedBy(5))).isTrue();
        assertThat(halfHead.received()).isEmpty();
    }

    @Test
    void aBodyThatNeverArrivesIsClosedAtTheBodyTimeout() throws Exception {
        int port = start(new HttpServerLimits(60_000, SHORT.toMillis(), 100));
        var c = connect(port).send("POST /api/v1/jobClusters HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + io.weir.master.testing.TestSecrets.ADMIN_TOKEN + "\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":");
        assertThat(c.closedWithin(SHORT.multipliedBy(5))).isTrue();
        assertThat(c.received()).doesNotContain(" 500 ");
        assertThat(fixture.http().get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void halfOpenConnectionsBeyondTheLimitAreClosedAndTheMasterStillAnswers() throws Exception {
        int limit = 20;
        int port = start(new HttpServerLimits(60_000, 60_000, limit));
        var halfOpen = new ArrayList<RawConnection>();
        for (int i = 0; i < 2 * limit; i++) {
            halfOpen.add(connect(port).send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
        }
        var closed = new java.util.HashSet<RawConnection>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (var c : halfOpen) {
                if (!closed.contains(c) && c.closedWithin(Duration.ofMillis(5))) {
                    closed.add(c);
                }
            }
            assertThat(closed).as("the excess connections are closed").hasSize(limit);
        });
        var res = fixture.http().get("/healthz");
        assertThat(res.status()).isEqualTo(200);
        String metrics = fixture.http().get("/metrics").text();
        assertThat(metrics).contains("weir_http_connections_evicted_total{server=\"master\"} " + (limit + 1) + ".0");
        assertThat(openConnections(metrics)).isLessThanOrEqualTo(limit);
        assertThat(halfOpen.stream().filter(c -> !closed.contains(c) && !closedWithinQuietly(c, Duration.ofMillis(5))))
                .as("one more made room for the client's connection, the rest are left alone").hasSize(limit - 1);
    }

    @Test
    void discoveryStreamsOutliveTheHeadAndBodyTimeouts() throws Exception {
        start(new HttpServerLimits(300, 300, 100));
        assertThat(fixture.http().post("/api/v1/jobClusters", ControlPlaneContract.CLUSTER).status()).isEqualTo(201);
        var sse = new SseClient(fixture.http().base() + "/namedjobs/wc?sendHB=true");
        closeables.add(sse);
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int heartbeats = 0;
        while (System.nanoTime() < end) {
            if (sse.next(2).path("name").asText().equals("HB_NamedJob")) {
                heartbeats++;
            }
        }
        assertThat(heartbeats).isGreaterThanOrEqualTo(5);
        assertThat(sse.isCompleted()).isFalse();
    }

    private static boolean closedWithinQuietly(RawConnection c, Duration within) {
        try {
            return c.closedWithin(within);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int openConnections(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("weir_http_connections_open{server=\"master\"}"))
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }
}
