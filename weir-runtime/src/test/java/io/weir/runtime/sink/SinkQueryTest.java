package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.mql.Mql;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-side MQL over real loopback sockets: filtering, projection, the alias, groups, subscriptions, errors. */
class SinkQueryTest {

    private static final String ERRORS = "select * from stream where kind == 'error'";
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private SseClient connect(String query) {
        var client = SseClient.connect(sink.port(), query);
        closeables.add(client);
        return client;
    }

    private static String mql(String query) {
        return "mql=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private void awaitConsumers(int n) {
        await().atMost(WAIT).until(() -> sink.consumers() == n);
    }

    /** Every third event, from seq 0, is an error; the last one published (seq {@code n - 1}, n = 3k + 1) is too. */
    private static String event(int seq) {
        return "{\"seq\":" + seq + ", \"kind\":\"" + (seq % 3 == 0 ? "error" : "info") + "\", \"user\":{\"name\":\"u" + seq + "\"}}";
    }

    private List<String> publish(int n) {
        List<String> events = IntStream.range(0, n).mapToObj(SinkQueryTest::event).toList();
        events.forEach(sink::publish);
        return events;
    }

    private double filtered() {
        return meters.find("weir.sink.filtered.records").counter().count();
    }

    @Test
    void aQueryFiltersAndProjectsTheConnectionsRecords() {
        var client = connect(mql("select seq, e[\"user\"][\"name\"] as who from stream where kind == \"error\""));
        awaitConsumers(1);
        publish(31);
        await().atMost(WAIT).until(() -> client.recordCount() == 11);
        assertThat(client.records()).containsExactlyElementsOf(IntStream.rangeClosed(0, 10)
                .mapToObj(i -> "{\"seq\":" + i * 3 + ",\"who\":\"u" + i * 3 + "\"}").toList());
        assertThat(filtered()).isEqualTo(20);
        assertThat(meters.find("weir.sink.dropped.records").tag("reason", "buffer_full").counter().count()).isZero();
    }

    @Test
    void consumersWithAndWithoutQueriesOnOneSinkEachGetTheirOwnStream() {
        var plain = connect("clientId=plain");
        var errors = connect(mql(ERRORS));
        var sameQuery = connect(mql(ERRORS));
        var alias = connect("criterion=" + URLEncoder.encode("select seq from stream where kind != 'error'", StandardCharsets.UTF_8));
        awaitConsumers(4);
        List<String> events = publish(31);
        await().atMost(WAIT).until(() -> plain.recordCount() == 31 && errors.recordCount() == 11
                && sameQuery.recordCount() == 11 && alias.recordCount() == 20);

        assertThat(plain.records()).as("published bytes, unparsed").containsExactlyElementsOf(events);
        List<String> errorEvents = events.stream().filter(e -> e.contains("\"error\"")).toList();
        assertThat(errors.records()).as("select * keeps the published bytes").containsExactlyElementsOf(errorEvents);
        assertThat(sameQuery.records()).isEqualTo(errors.records());
        assertThat(alias.records()).containsExactlyElementsOf(IntStream.range(0, 31).filter(i -> i % 3 != 0)
                .mapToObj(i -> "{\"seq\":" + i + "}").toList());
        assertThat(filtered()).isEqualTo(20 + 20 + 11);
    }

    @Test
    void aClientIdGroupWithAQuerySplitsOnlyTheSelectedRecords() {
        var first = connect("clientId=g&" + mql(ERRORS));
        var second = connect("clientId=g&" + mql(ERRORS));
        awaitConsumers(2);
        List<String> events = publish(301);
        await().atMost(WAIT).until(() -> first.recordCount() + second.recordCount() == 101);
        var union = new HashSet<String>(first.records());
        union.addAll(second.records());
        assertThat(union).containsExactlyInAnyOrderElementsOf(events.stream().filter(e -> e.contains("\"error\"")).toList());
        assertThat(first.recordCount()).isPositive();
        assertThat(second.recordCount()).isPositive();
        assertThat(filtered()).as("once per record for the group").isEqualTo(200);
    }

    @Test
    void aConnectionWhoseQueryDiffersFromItsClientIdGroupsGets409() throws Exception {
        connect("clientId=g&" + mql(ERRORS));
        awaitConsumers(1);
        var response = get("/?clientId=g&" + mql("select seq from stream"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"error\":\"clientId: 'g' already uses the query '" + ERRORS
                + "' (expected: the same query on every connection of a clientId, or another clientId)\"}");
        assertThat(get("/?clientId=g").statusCode()).isEqualTo(409);
        assertThat(sink.consumers()).isEqualTo(1);
    }

    @Test
    void connectionsSharingASubscriptionIdShareItsQueryWhileOneIsConnected() throws Exception {
        var owner = connect("subscriptionId=errors&" + mql(ERRORS));
        awaitConsumers(1);
        var joiner = connect("subscriptionId=errors");
        awaitConsumers(2);
        var conflict = get("/?subscriptionId=errors&" + mql("select * from stream"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).startsWith("{\"error\":\"subscriptionId: 'errors' already shares the query '" + ERRORS + "'");

        publish(31);
        await().atMost(WAIT).until(() -> owner.recordCount() == 11 && joiner.recordCount() == 11);
        assertThat(joiner.records()).isEqualTo(owner.records());

        owner.close();
        joiner.close();
        awaitConsumers(0);
        var unbound = get("/?subscriptionId=errors");
        assertThat(unbound.statusCode()).isEqualTo(400);
        assertThat(unbound.body()).isEqualTo("{\"error\":\"subscriptionId: 'errors' (expected: an mql query as well, "
                + "no connection shares a query under this id yet)\"}");
    }

    @Test
    void recordsThatAreNotJsonObjectsReachOnlyConsumersWithoutAFilter() {
        var plain = connect("");
        var selectAll = connect(mql("select * from stream"));
        var filtering = connect(mql("select * from stream where seq >= 0"));
        awaitConsumers(3);
        for (String record : List.of("[1,2]", "plain text", "{\"seq\":1}")) {
            sink.publish(record);
        }
        await().atMost(WAIT).until(() -> filtering.recordCount() == 1 && plain.recordCount() == 1 && selectAll.recordCount() == 1);
        assertThat(plain.payloads()).containsExactly("[1,2]", "plain text", "{\"seq\":1}");
        assertThat(selectAll.payloads()).containsExactly("[1,2]", "plain text", "{\"seq\":1}");
        assertThat(filtering.payloads()).containsExactly("{\"seq\":1}");
    }

    @Test
    void aQueryOfTheFullLengthFitsInTheRequestLine() {
        String query = "select * from stream where " + "seq >= 0 and ".repeat(300) + "true";
        assertThat(query.length()).isLessThanOrEqualTo(Mql.MAX_QUERY_LENGTH);
        assertThat(mql(query).length()).isGreaterThan(4096);
        var client = connect(mql(query));
        awaitConsumers(1);
        sink.publish("{\"seq\":7}");
        await().atMost(WAIT).until(() -> client.recordCount() == 1);
    }

    @Test
    void aBadQueryGets400NamingThePositionAndTheFix() throws Exception {
        assertBadRequest(mql("select * form stream"), "mql: unexpected 'form' at 10 (expected: from, window, where, group by,"
                + " having, order by, limit, sample or the end of the query)");
        assertBadRequest("criterion=" + URLEncoder.encode("select * from s where a ==~ 'x'", StandardCharsets.UTF_8),
                "mql: unexpected ''x'' at 29 (expected: a regex between slashes, e.g. /i-12.*/)");
        assertBadRequest(mql("select count(e[\"a\"]) as c from stream"),
                "mql: an aggregate without window at 8 is not supported (expected: a window, e.g. ... from stream window 10)");
        assertBadRequest(mql("select * from s") + "&criterion=x", "criterion: 'x' (expected: either mql or criterion, not both");
        assertBadRequest(mql("select * from s where " + "x".repeat(5000)), "mql: query of 5022 characters (expected: at most 4096)");
        assertThat(sink.consumers()).isZero();
    }

    private void assertBadRequest(String query, String message) throws Exception {
        var response = get("/?" + query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(response.body()).as(query).startsWith("{\"error\":\"" + message);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
