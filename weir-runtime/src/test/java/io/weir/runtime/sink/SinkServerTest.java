package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink over real loopback sockets: groups, slots, sampling, pings, meta messages, slow consumers, errors. */
class SinkServerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
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
    }

    private SinkServer start(SinkConfig config) {
        sink = SinkServer.start(config, meters);
        return sink;
    }

    private SseClient connect(String query) {
        var client = SseClient.connect(sink.port(), query);
        closeables.add(client);
        return client;
    }

    private void awaitConsumers(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.consumers() == n);
    }

    private static String record(int seq) {
        return "{\"seq\":" + seq + "}";
    }

    private double dropped(String reason) {
        var counter = meters.find("weir.sink.dropped.records").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void recordsReachAConsumerAsServerSentEvents() {
        start(SinkConfig.of("127.0.0.1", 0));
        var client = connect("clientId=x");
        awaitConsumers(1);
        for (int i = 0; i < 100; i++) {
            sink.publish(record(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.recordCount() == 100);
        assertThat(client.records()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 100).mapToObj(SinkServerTest::record).toList());
        assertThat(meters.find("weir.sink.records.out").counter().count()).isEqualTo(100);
        long frameBytes = java.util.stream.IntStream.range(0, 100).mapToLong(i -> ("data: " + record(i) + "\n\n").length()).sum();
        assertThat(meters.find("weir.sink.bytes.out").counter().count()).isEqualTo(frameBytes);
        assertThat(meters.find("weir.sink.consumers").gauge().value()).isEqualTo(1);
    }

    @Test
    void differentClientIdsAndAnonymousConsumersEachGetEveryRecord() {
        start(SinkConfig.of("127.0.0.1", 0));
        var a = connect("clientId=a");
        var b = connect("clientId=b");
        var anonymous = connect("");
        awaitConsumers(3);
        for (int i = 0; i < 1000; i++) {
            sink.publish(record(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                a.recordCount() == 1000 && b.recordCount() == 1000 && anonymous.recordCount() == 1000);
        assertThat(a.records()).isEqualTo(b.records()).isEqualTo(anonymous.records());
    }

    @Test
    void connectionsSharingAClientIdSplitTheStreamWithoutDuplicatesOrLoss() {
        start(SinkConfig.of("127.0.0.1", 0).withBufferRecords(100_000));
        var first = connect("clientId=shared");
        var second = connect("clientId=shared");
        awaitConsumers(2);
        int total = 10_000;
        for (int i = 0; i < total; i++) {
            sink.publish(record(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> first.recordCount() + second.recordCount() == total);
        var union = new HashSet<String>(first.records());
        union.addAll(second.records());
        assertThat(union).hasSize(total);
        assertThat(first.recordCount()).isBetween(total / 2 - 10, total / 2 + 10);
        assertThat(dropped("buffer_full")).isZero();
    }

    @Test
    void publishersOnManyThreadsSplitAGroupWithoutDuplicatesOrLoss() throws Exception {
        start(SinkConfig.of("127.0.0.1", 0).withBufferRecords(100_000));
        var first = connect("clientId=shared");
        var second = connect("clientId=shared");
        awaitConsumers(2);
        int threads = 4;
        int each = 2500;
        var publishers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            publishers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    sink.publish(record(base + i));
                }
            }));
        }
        for (Thread t : publishers) {
            t.join(Duration.ofSeconds(10));
        }
        int total = threads * each;
        await().atMost(Duration.ofSeconds(10)).until(() -> first.recordCount() + second.recordCount() == total);
        var union = new HashSet<String>(first.records());
        union.addAll(second.records());
        assertThat(union).hasSize(total);
        assertThat(first.recordCount()).isPositive();
        assertThat(second.recordCount()).isPositive();
    }

    @Test
    void slotsAreScopedToTheirClientId() {
        start(SinkConfig.of("127.0.0.1", 0));
        var a = connect("clientId=a&slotId=0");
        var b = connect("clientId=b&slotId=0");
        awaitConsumers(2);
        sink.publish(record(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.recordCount() == 1 && b.recordCount() == 1);
        assertThat(a.ended()).isFalse();
        assertThat(b.ended()).isFalse();
    }

    @Test
    void metaMessagesReportZeroDropsToAConsumerThatKeepsUp() {
        start(SinkConfig.of("127.0.0.1", 0).withMetaIntervalMillis(50));
        var client = connect("enableMetaMessages=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.payloads().contains("{\"type\":\"meta\",\"dropped\":0}"));
    }

    @Test
    void closeEndsEveryStreamAndUnregistersTheConsumerGauge() {
        start(SinkConfig.of("127.0.0.1", 0));
        var a = connect("clientId=a");
        var b = connect("");
        awaitConsumers(2);
        sink.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.ended() && b.ended());
        assertThat(sink.consumers()).isZero();
        assertThat(meters.find("weir.sink.consumers").gauge()).isNull();
        sink.publish(record(0));
    }

    @Test
    void aNewConnectionWithATakenSlotReplacesTheOldOne() {
        start(SinkConfig.of("127.0.0.1", 0));
        var old = connect("clientId=c&slotId=s1");
        awaitConsumers(1);
        sink.publish(record(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> old.recordCount() == 1);
        var replacement = connect("clientId=c&slotId=s1");
        await().atMost(Duration.ofSeconds(10)).until(old::ended);
        awaitConsumers(1);
        sink.publish(record(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> replacement.recordCount() == 1);
        assertThat(replacement.records()).containsExactly(record(1));
        assertThat(old.records()).containsExactly(record(0));
    }

    @Test
    void samplingSendsAtMostOneRecordPerWindow() {
        start(SinkConfig.of("127.0.0.1", 0));
        var sampled = connect("sampleMSec=200");
        awaitConsumers(1);
        var stop = new AtomicBoolean();
        long started = System.nanoTime();
        Thread publisher = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                sink.publish(record(i));
                LockSupport.parkNanos(20_000);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sampled.recordCount() >= 4);
        } finally {
            stop.set(true);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        int received = sampled.recordCount();
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(600);
        assertThat(received).isLessThanOrEqualTo((int) (elapsedMillis / 200) + 1);
        assertThat(dropped("sampled")).isGreaterThan(received);
        await().atMost(Duration.ofSeconds(5)).until(() -> !publisher.isAlive());
    }

    @Test
    void pingsArriveEveryHeartbeat() {
        start(SinkConfig.of("127.0.0.1", 0));
        var client = connect("heartbeatSec=1");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.payloads().stream().filter("ping"::equals).count() >= 2);
    }

    @Test
    void pingsArriveEveryHeartbeatInMilliseconds() {
        start(SinkConfig.of("127.0.0.1", 0));
        var client = connect("heartbeatMSec=100");
        await().atMost(Duration.ofSeconds(2)).until(() ->
                client.payloads().stream().filter("ping"::equals).count() >= 5);
    }

    @Test
    void enablePingsAloneUsesTheDefaultHeartbeat() {
        start(new SinkConfig("127.0.0.1", 0, 16, 1, 1000));
        var client = connect("enablePings=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.payloads().contains("ping"));
    }

    @Test
    void aSlowConsumerHasDropsCountedAndReportedWhileAFastOneGetsEverything() throws Exception {
        start(SinkConfig.of("127.0.0.1", 0).withMetaIntervalMillis(100));
        var fast = connect("clientId=fast");
        Socket slow = new Socket();
        closeables.add(slow);
        slow.setReceiveBufferSize(4096);
        slow.connect(new InetSocketAddress("127.0.0.1", sink.port()));
        slow.getOutputStream().write(("GET /?clientId=slow&enableMetaMessages=true HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        awaitConsumers(2);

        String padding = "x".repeat(200);
        int published = 0;
        long slowestPublishNanos = 0;
        while (dropped("buffer_full") == 0 || published < 20_000) {
            for (int i = 0; i < 500; i++, published++) {
                long t0 = System.nanoTime();
                sink.publish("{\"seq\":" + published + ",\"pad\":\"" + padding + "\"}");
                slowestPublishNanos = Math.max(slowestPublishNanos, System.nanoTime() - t0);
            }
            int expected = published;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> fast.recordCount() == expected);
            assertThat(published).as("the slow consumer should overflow long before this").isLessThan(2_000_000);
        }

        assertThat(fast.recordCount()).isEqualTo(published);
        assertThat(dropped("buffer_full")).isPositive();
        assertThat(slowestPublishNanos).isLessThan(Duration.ofSeconds(1).toNanos());

        var reader = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
        Pattern meta = Pattern.compile("^data: \\{\"type\":\"meta\",\"dropped\":(\\d+)}$");
        long reported = 0;
        for (String line; reported == 0 && (line = reader.readLine()) != null; ) {
            Matcher m = meta.matcher(line);
            if (m.matches()) {
                reported = Long.parseLong(m.group(1));
            }
        }
        assertThat(reported).isPositive();
    }

    @Test
    void badParametersGet400WithTheParameterAndTheExpectedForm() throws Exception {
        start(SinkConfig.of("127.0.0.1", 0));
        assertBadRequest("sampleMSec=fast", "sampleMSec: 'fast' (expected: an integer number of milliseconds");
        assertBadRequest("heartbeatSec=0", "heartbeatSec: '0' (expected: an integer number of seconds");
        assertBadRequest("enablePings=yes", "enablePings: 'yes' (expected: true or false)");
        assertBadRequest("enableMetaMessages=1", "enableMetaMessages: '1' (expected: true or false)");
        assertBadRequest("slotId=s", "slotId: 's' (expected: a clientId as well");
        assertBadRequest("clientId=%20", "clientId: ' ' (expected: a non-blank string");
        assertThat(sink.consumers()).isZero();
    }

    @Test
    void otherPathsGet404() throws Exception {
        start(SinkConfig.of("127.0.0.1", 0));
        var response = get("/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error\":\"no such endpoint: GET /nope");
    }

    private void assertBadRequest(String query, String message) throws Exception {
        var response = get("/?" + query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).as(query).startsWith("{\"error\":\"" + message).doesNotContain("Exception");
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
