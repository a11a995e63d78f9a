package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.security.JobTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sink with a read token serves only requests that carry it, and at most its maximum of consumers. */
class SinkAccessTest {

    private static final String SINK_TOKEN = JobTokens.sinkToken(
            new JobTokens("sink-access-test-secret".getBytes(StandardCharsets.UTF_8)).tokenFor("tail-1"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SinkServer sink;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (sink != null) {
            sink.close();
        }
        http.close();
    }

    private HttpResponse<String> get(String query, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/?" + query)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the stream with {@code authorization}, keeping its {@code data:} payloads. */
    private Queue<String> read(String query, String authorization) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/?" + query));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        var payloads = new ConcurrentLinkedQueue<String>();
        var response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        closeables.add(() -> response.thenAccept(r -> r.body().close()));
        response.thenAccept(r -> Thread.ofVirtual().start(() -> {
            try {
                r.body().filter(l -> l.startsWith("data: ")).forEach(l -> payloads.add(l.substring(6)));
            } catch (RuntimeException e) {
                // closed at the end of the test
            }
        }));
        return payloads;
    }

    private double refused(String reason) {
        var c = meters.find("weir.sink.refused").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRequestWithoutTheSinkTokenGets401WithASentence() throws Exception {
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withReadToken(SINK_TOKEN), meters);

        var none = get("clientId=a", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"weir-sink\"");
        assertThat(none.body()).contains("this sink needs its job's sink token").contains("GET /api/v1/jobs/tail-1/sinkToken");

        var wrong = get("clientId=a", "Bearer " + SINK_TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("the sink token is not this job's");
        assertThat(get("token=" + SINK_TOKEN.substring(1), null).statusCode()).isEqualTo(401);
        var basic = get("", "Basic dXNlcjpwYXNz");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("Authorization: expected Bearer <sink token>");
        assertThat(sink.consumers()).isZero();
        assertThat(refused("unauthorized")).isEqualTo(4);
    }

    @Test
    void withTheSinkTokenInTheHeaderOrTheQueryRecordsFlow() {
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withReadToken(SINK_TOKEN), meters);
        var byHeader = read("", "Bearer " + SINK_TOKEN);
        var byQuery = read("token=" + SINK_TOKEN, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.consumers() == 2);
        for (int i = 0; i < 10; i++) {
            sink.publish("{\"seq\":" + i + "}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> byHeader.size() == 10 && byQuery.size() == 10);
        assertThat(byHeader).first().isEqualTo("{\"seq\":0}");
    }

    @Test
    void aRegexOverItsBudgetGets400NamingTheLimit() throws Exception {
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0), meters);
        var response = get("mql=" + java.net.URLEncoder.encode("select * from s where a =~ '^(a+)+$'", StandardCharsets.UTF_8), null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("is over its budget (expected: no repeated group that itself repeats");
        assertThat(sink.consumers()).isZero();
    }

    @Test
    void beyondItsMaximumOfConsumersASinkAnswers503AndServesAgainOnceOneLeaves() throws Exception {
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withMaxConsumers(2), meters);
        read("clientId=a&slotId=s", null);
        read("clientId=b", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.consumers() == 2);

        var third = get("clientId=c", null);
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("retry-after")).hasValue("5");
        assertThat(third.body()).contains("this sink serves 2 consumers, its maximum (WEIR_SINK_MAX_CONSUMERS)");
        assertThat(refused("full")).isEqualTo(1);

        var replacing = read("clientId=a&slotId=s", null);
        await("a consumer taking over its slot at the limit is served").atMost(Duration.ofSeconds(10)).until(() -> {
            sink.publish("{\"seq\":1}");
            return replacing.contains("{\"seq\":1}");
        });
        assertThat(sink.consumers()).isEqualTo(2);

        closeables.removeFirst().close();
        closeables.removeFirst().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.consumers() <= 1);
        var later = read("clientId=c", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.consumers() == 2);
        sink.publish("{\"seq\":2}");
        await().atMost(Duration.ofSeconds(10)).until(() -> later.contains("{\"seq\":2}"));
    }
}
