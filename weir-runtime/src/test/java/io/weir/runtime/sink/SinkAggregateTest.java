package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.mql.Mql;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aggregate MQL queries over real loopback sockets: per-window output records, per group, empty windows, timers. */
class SinkAggregateTest {

    private static final String BY_WORD = "select count(*) as c, e[\"word\"] from stream window 1 group by e[\"word\"]";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SinkServer sink;

    @BeforeEach
    void start() {
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0), meters);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sink.close();
    }

    private SseClient connect(String query, String more) {
        var client = SseClient.connect(sink.port(), "mql=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + more);
        closeables.add(client);
        return client;
    }

    private void publish(String word, int times) {
        for (int i = 0; i < times; i++) {
            sink.publish("{\"word\":\"" + word + "\",\"seq\":" + i + "}");
        }
    }

    private double windowsClosed() {
        return meters.find("weir.sink.aggregate.windows").counter().count();
    }

    private double recordsOut() {
        return meters.find("weir.sink.records.out").counter().count();
    }

    private double timersGauge() {
        return meters.find("weir.sink.aggregate.timers").gauge().value();
    }

    /** Waits for a window to close, so that what is published next lands in one window (1 s) well before its end. */
    private void awaitWindowStart() {
        double before = windowsClosed();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> windowsClosed() > before);
    }

    /** The counts per word in {@code payloads[from..]}, summing {@code field} over output records. */
    private static Map<String, Long> counts(List<String> payloads, int from, String field) {
        Map<String, Long> out = new TreeMap<>();
        for (String p : payloads.subList(from, payloads.size())) {
            JsonNode record = parse(p);
            out.merge(record.path("word").asText("*"), record.get(field).asLong(), Long::sum);
        }
        return out;
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    @Test
    void anAggregateConsumerGetsEachWindowsCountsInsteadOfRecords() {
        var client = connect(BY_WORD, "");
        await().atMost(WAIT).until(() -> sink.consumers() == 1);

        awaitWindowStart();
        publish("a", 5);
        publish("b", 3);
        await().atMost(WAIT).until(() -> client.payloads().size() == 2);
        assertThat(client.payloads()).containsExactly("{\"c\":5,\"word\":\"a\"}", "{\"c\":3,\"word\":\"b\"}");

        awaitWindowStart();
        publish("c", 4);
        publish("a", 2);
        await().atMost(WAIT).until(() -> client.payloads().size() == 4);
        assertThat(client.payloads().subList(2, 4)).containsExactly("{\"c\":4,\"word\":\"c\"}", "{\"c\":2,\"word\":\"a\"}");
        assertThat(recordsOut()).isEqualTo(4);
    }

    @Test
    void recordsPublishedFromSeveralThreadsWhileWindowsCloseAreEachCountedOnce() throws Exception {
        var client = connect("select count(*) as n from stream window 1", "");
        await().atMost(WAIT).until(() -> sink.consumers() == 1);
        double start = windowsClosed();
        var published = new AtomicLong();
        Runnable publisher = () -> {
            while (windowsClosed() < start + 2) {
                sink.publish("{\"word\":\"a\"}");
                published.incrementAndGet();
            }
        };
        Thread first = Thread.ofPlatform().start(publisher);
        Thread second = Thread.ofPlatform().start(publisher);
        first.join();
        second.join();

        await().atMost(WAIT).until(() -> counts(client.payloads(), 0, "n").equals(Map.of("*", published.get())));
        assertThat(client.payloads().size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void eachClientIdGetsItsOwnAggregatesAndTheConnectionsOfOneShareOne() {
        var x = connect(BY_WORD, "&clientId=x");
        var y = connect("select count(*) as n from stream window 1", "&clientId=y");
        var z1 = connect(BY_WORD, "&clientId=z");
        var z2 = connect(BY_WORD, "&clientId=z");
        await().atMost(WAIT).until(() -> sink.consumers() == 4);
        assertThat(sink.windowTimers()).isEqualTo(3);

        publish("a", 40);
        publish("b", 20);

        await().atMost(WAIT).until(() -> counts(x.payloads(), 0, "c").equals(Map.of("a", 40L, "b", 20L)));
        await().atMost(WAIT).until(() -> counts(y.payloads(), 0, "n").equals(Map.of("*", 60L)));
        await().atMost(WAIT).until(() -> {
            Map<String, Long> z = new TreeMap<>(counts(z1.payloads(), 0, "c"));
            counts(z2.payloads(), 0, "c").forEach((word, n) -> z.merge(word, n, Long::sum));
            return z.equals(Map.of("a", 40L, "b", 20L));
        });
    }

    @Test
    void anEmptyWindowSendsNothingAndTheTimerEndsWithTheGroup() {
        var client = connect(BY_WORD, "");
        await().atMost(WAIT).until(() -> sink.consumers() == 1);
        assertThat(sink.windowTimers()).isEqualTo(1);
        assertThat(timersGauge()).isEqualTo(1);

        double before = windowsClosed();
        await().atMost(WAIT).until(() -> windowsClosed() >= before + 2);
        assertThat(recordsOut()).isZero();
        assertThat(client.payloads()).isEmpty();

        client.close();
        await().atMost(WAIT).until(() -> sink.consumers() == 0);
        assertThat(sink.windowTimers()).isZero();
        assertThat(timersGauge()).isZero();
    }

    @Test
    void recordsOfGroupsBeyondTheLimitAreDroppedAndReportedInMetaEvents() {
        sink.close();
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withBufferRecords(Mql.MAX_GROUPS + 1).withMetaIntervalMillis(50),
                meters);
        var client = connect(BY_WORD, "&enableMetaMessages=true");
        await().atMost(WAIT).until(() -> sink.consumers() == 1);
        awaitWindowStart();
        for (int i = 0; i < Mql.MAX_GROUPS + 5; i++) {
            sink.publish("{\"word\":\"w" + i + "\"}");
        }
        await().atMost(WAIT).until(() -> client.payloads().contains("{\"type\":\"meta\",\"dropped\":5}"));
        await().atMost(WAIT).until(() -> client.payloads().stream().filter(p -> p.startsWith("{\"c\":1,")).count()
                == Mql.MAX_GROUPS);
        assertThat(meters.find("weir.sink.dropped.records").tag("reason", "group_limit").counter().count()).isEqualTo(5);
    }

    @Test
    void aWindowWithMoreGroupsThanTheBufferHoldsArrivesWhole() {
        sink.close();
        sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withBufferRecords(16), meters);
        var client = connect(BY_WORD, "");
        await().atMost(WAIT).until(() -> sink.consumers() == 1);
        awaitWindowStart();
        for (int i = 0; i < 2_000; i++) {
            sink.publish("{\"word\":\"w" + i + "\"}");
        }
        await().atMost(WAIT).until(() -> client.payloads().size() == 2_000);
        assertThat(meters.find("weir.sink.dropped.records").tag("reason", "buffer_full").counter().count()).isZero();
    }
}
