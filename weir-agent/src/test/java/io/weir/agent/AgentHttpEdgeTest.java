package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.agent.testing.FakeMaster;
import io.weir.transport.http.HttpServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's HTTP port against garbage, requests that never finish, and more connections than it allows. */
class AgentHttpEdgeTest {

    private final FakeMaster master = new FakeMaster();
    private final List<Socket> sockets = new ArrayList<>();
    private Agent agent;

    @AfterEach
    void stop() throws IOException {
        for (var s : sockets) {
            s.close();
        }
        if (agent != null) {
            agent.close();
        }
        master.close();
    }

    private void start(HttpServerLimits limits) {
        agent = Agent.start(AgentConfig.of(master.url()).withHost("127.0.0.1").withBindHost("127.0.0.1").withHttp(limits)
                .withSecret(FakeMaster.SECRET));
    }

    private Socket send(String text) throws IOException {
        var s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", agent.port()), 5_000);
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** What the agent sent before closing, or null when it kept the connection open for {@code within}. */
    private static String untilClosed(Socket s, Duration within) throws IOException {
        var got = new ByteArrayOutputStream();
        s.setSoTimeout((int) within.toMillis());
        byte[] buf = new byte[1024];
        try {
            for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException reset) {
            // closed
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void garbageIsAnswered400AndClosedAndUnfinishedRequestsAreClosedAtTheirTimeouts() throws IOException {
        start(new HttpServerLimits(500, 500, 100));
        assertThat(untilClosed(send("GARBAGE\r\n\r\n"), Duration.ofSeconds(5))).startsWith("HTTP/1.1 400");
        assertThat(untilClosed(send("GET /healthz HTTP/1.1\r\nHost: x\r\n"), Duration.ofSeconds(5))).isEmpty();
        assertThat(untilClosed(send("POST /api/v1/workers HTTP/1.1\r\nHost: x\r\nAuthorization: " + AgentTest.MASTER
                + "\r\nContent-Length: 50\r\n\r\n{"),
                Duration.ofSeconds(5))).isNotNull().doesNotContain(" 500 ");
    }

    @Test
    void anOversizeAssignmentIsRefused413() throws Exception {
        start(AgentConfig.DEFAULT_HTTP);
        var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers"))
                .header("Authorization", AgentTest.MASTER).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(res.body()).contains("\"error\":\"request body is larger than 1048576 bytes", "WEIR_AGENT_MAX_REQUEST_BYTES");
    }

    @Test
    void everyRouteRefusesADeclaredOversizeBodyAndAChunkedOneIsCutOffAtTheLimit() throws Exception {
        agent = Agent.start(AgentConfig.of(master.url()).withHost("127.0.0.1").withMaxRequestBytes(4096));
        var client = HttpClient.newHttpClient();
        byte[] big = new byte[8192];
        for (String method : List.of("POST /api/v1/workers", "DELETE /api/v1/workers/job-1/1", "GET /healthz", "GET /metrics", "PUT /nowhere")) {
            String[] parts = method.split(" ");
            var res = client.send(HttpRequest.newBuilder(URI.create(agent.url() + parts[1]))
                    .method(parts[0], HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(method).isEqualTo(413);
            assertThat(res.body()).as(method).contains("larger than 4096 bytes", "WEIR_AGENT_MAX_REQUEST_BYTES");
        }
        var chunked = client.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void halfOpenConnectionsBeyondTheLimitAreClosedAndTheAgentStillAnswers() throws Exception {
        int limit = 5;
        start(new HttpServerLimits(60_000, 60_000, limit));
        var halfOpen = new ArrayList<Socket>();
        for (int i = 0; i < 2 * limit; i++) {
            halfOpen.add(send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
        }
        var closed = new java.util.HashSet<Socket>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (var s : halfOpen) {
                if (!closed.contains(s) && untilClosed(s, Duration.ofMillis(5)) != null) {
                    closed.add(s);
                }
            }
            assertThat(closed).hasSize(limit);
        });
        var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("weir_http_connections_evicted_total{server=\"agent\"} " + (limit + 1) + ".0");
    }
}
