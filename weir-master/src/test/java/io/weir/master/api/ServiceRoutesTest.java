package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.registry.RegistryConfig;
import io.weir.master.security.SecurityConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service registry over real HTTP against a started master: leases, refusals, watches, topology and health. */
class ServiceRoutesTest {

    static final String SERVICE_TOKEN = "test-service-token-0123456789";
    static final String ENRICHER = """
            {"name":"enricher","type":"PROCESSOR","inputTypes":["click.v1"],"outputTypes":["click.enriched.v1"],
             "endpoints":[{"transportId":"tcp","plane":"stream","address":"10.0.0.7:7300"}],
             "metadata":{"version":"1.4.2"}%s}""";
    static final String CLICKS = """
            {"name":"clicks","type":"SOURCE","outputTypes":["click.v1"]%s}""";

    @TempDir
    Path dataDir;
    MasterFixture fixture;
    TestHttp admin;
    TestHttp service;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fixture = startMaster(dataDir, new RegistryConfig(1_000, 600_000, 5, 200, 20));
        admin = fixture.http();
        service = admin.withToken(SERVICE_TOKEN);
    }

    /** A master with a {@code service} token in its tokens file and the registry configured as given. */
    static MasterFixture startMaster(Path dataDir, RegistryConfig registry) throws IOException {
        Path tokens = Files.writeString(dataDir.resolve("tokens"), SERVICE_TOKEN + " service registrar\n");
        var security = new SecurityConfig(true, TestSecrets.CLUSTER_SECRET, null, tokens, TestSecrets.ADMIN_TOKEN, TestSecrets.READ_TOKEN);
        return new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST)
                .configure(c -> c.withRegistry(registry).withSecurity(security)).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (var c : closeables) {
            c.close();
        }
        fixture.close();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    /** {@code template} with {@code extra} fields, and a lease of a minute unless they name one. */
    static String with(String template, String extra) {
        String lease = extra != null && extra.contains("leaseTtlMs") ? "" : ",\"leaseTtlMs\":60000";
        return template.formatted((extra == null ? "" : "," + extra) + lease);
    }

    /** Waits until the registry has stopped rebuilding, which is itself a change watchers see. */
    private void awaitRebuilt() {
        await().until(() -> !admin.get("/api/v1/serviceInstances").body().get("rebuilding").asBoolean());
    }

    private JsonNode register(String body) {
        var res = service.post("/api/v1/serviceInstances", body);
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        return res.body();
    }

    private TestHttp.Response heartbeat(JsonNode lease, String body) {
        return service.send("PUT", "/api/v1/serviceInstances/" + lease.get("instanceId").asText() + "/heartbeat", body,
                "X-Weir-Lease", lease.get("leaseToken").asText());
    }

    /** The next event of {@code sse} that is not a heartbeat. */
    static JsonNode nextChange(SseClient sse, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (true) {
            JsonNode e = sse.next(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toSeconds()));
            if (!e.path("heartbeat").asBoolean()) {
                return e;
            }
            assertThat(System.nanoTime()).as("a change within " + seconds + " s").isLessThan(deadline);
        }
    }

    static List<String> ids(JsonNode set) {
        var out = new ArrayList<String>();
        set.get("instances").forEach(i -> out.add(i.get("instanceId").asText()));
        return out;
    }

    @Test
    void anInstanceRegistersIsFoundHeartbeatsAndLeaves() {
        var lease = register(with(ENRICHER, "\"leaseTtlMs\":3000"));
        String id = lease.get("instanceId").asText();
        assertThat(id).startsWith("enricher-");
        assertThat(lease.get("leaseTtlMs").asLong()).isEqualTo(3000);
        assertThat(lease.get("heartbeatIntervalMs").asLong()).isEqualTo(1000);

        var found = admin.withToken(TestSecrets.READ_TOKEN).get("/api/v1/serviceInstances?type=PROCESSOR&consumes=click.v1");
        assertThat(found.status()).isEqualTo(200);
        assertThat(ids(found.body())).containsExactly(id);
        assertThat(found.body().get("heartbeat").asBoolean()).isFalse();
        assertThat(found.body().has("rebuilding")).isTrue();
        var instance = found.body().get("instances").get(0);
        assertThat(instance.get("origin").asText()).isEqualTo("registered");
        assertThat(instance.get("endpoints").get(0).get("address").asText()).isEqualTo("10.0.0.7:7300");
        assertThat(admin.get("/api/v1/serviceInstances?produces=click.v1").body().get("instances")).isEmpty();
        assertThat(admin.get("/api/v1/serviceInstances/" + id).body().get("metadata").get("version").asText()).isEqualTo("1.4.2");
        var colon = register(with(ENRICHER, "\"instanceId\":\"enricher:2\""));
        assertThat(admin.get("/api/v1/serviceInstances/enricher%3A2").status()).as("a percent-encoded id").isEqualTo(200);
        assertThat(service.send("DELETE", "/api/v1/serviceInstances/enricher%3A2", null, "X-Weir-Lease",
                colon.get("leaseToken").asText()).status()).isEqualTo(204);

        var beat = heartbeat(lease, "{\"health\":{\"status\":\"UNHEALTHY\",\"reason\":\"database unreachable\"},\"figures\":{\"recordsPerSecond\":1520.0}}");
        assertThat(beat.status()).as(beat.text()).isEqualTo(200);
        assertThat(beat.body().get("leaseToken").asText()).isEqualTo(lease.get("leaseToken").asText());
        var after = admin.get("/api/v1/serviceInstances/" + id).body();
        assertThat(after.get("health").get("reason").asText()).isEqualTo("database unreachable");
        assertThat(after.get("figures").get("recordsPerSecond").asDouble()).isEqualTo(1520.0);
        assertThat(heartbeat(lease, null).status()).as("a heartbeat without a body").isEqualTo(200);

        var services = admin.get("/api/v1/services/enricher");
        assertThat(services.status()).isEqualTo(200);
        assertThat(services.body().get("status").asText()).isEqualTo("UNHEALTHY");

        var gone = service.send("DELETE", "/api/v1/serviceInstances/" + id, null, "X-Weir-Lease", lease.get("leaseToken").asText());
        assertThat(gone.status()).isEqualTo(204);
        assertThat(gone.text()).isEmpty();
        assertThat(admin.get("/api/v1/serviceInstances").body().get("instances")).isEmpty();
        var unknown = heartbeat(lease, "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("code").asText()).isEqualTo("unknown_instance");
        assertThat(unknown.body().get("error").asText()).contains("register again with \"instanceId\": \"" + id + "\"");
        assertThat(admin.get("/api/v1/services/enricher").status()).isEqualTo(404);
    }

    @Test
    void refusalsSayWhatToFix() {
        var bad = service.post("/api/v1/serviceInstances", "{\"name\":\"p\",\"type\":\"PROCESSOR\",\"outputTypes\":[\"a\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").asText()).isEqualTo("inputTypes: a PROCESSOR consumes at least one event type");
        var wrongType = service.post("/api/v1/serviceInstances", with(ENRICHER, "\"leaseTtlMs\":\"soon\""));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().get("error").asText()).startsWith("leaseTtlMs");
        var nullElement = service.post("/api/v1/serviceInstances", "{\"name\":\"c\",\"type\":\"SOURCE\",\"outputTypes\":[null]}");
        assertThat(nullElement.status()).isEqualTo(400);
        assertThat(nullElement.body().get("error").asText()).startsWith("outputTypes");
        var typo = service.post("/api/v1/serviceInstances", "{\"name\":\"c\",\"type\":\"SOURCE\",\"outputType\":[\"a\"]}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().get("error").asText()).isEqualTo("unknown field 'outputType' (did you mean 'outputTypes'?)");
        var badEnum = service.post("/api/v1/serviceInstances", "{\"name\":\"c\",\"type\":\"FILTER\",\"outputTypes\":[\"a\"]}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.body().get("error").asText()).startsWith("type");
        var noBody = service.post("/api/v1/serviceInstances", "");
        assertThat(noBody.body().get("error").asText()).startsWith("body: missing");
        var huge = service.post("/api/v1/serviceInstances", with(CLICKS, "\"metadata\":{\"x\":\"" + "y".repeat(70_000) + "\"}"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().get("error").asText()).startsWith("request body is larger than 65536 bytes");

        var lease = register(with(ENRICHER, null));
        String id = lease.get("instanceId").asText();
        var wrongLease = service.send("PUT", "/api/v1/serviceInstances/" + id + "/heartbeat", "{}", "X-Weir-Lease", "nope");
        assertThat(wrongLease.status()).isEqualTo(403);
        assertThat(wrongLease.body().get("error").asText()).startsWith("X-Weir-Lease: not the lease of instance " + id);
        var conflict = service.post("/api/v1/serviceInstances", ENRICHER.formatted("").replace("click.enriched.v1", "other.v1"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().get("error").asText()).startsWith("outputTypes: service enricher is a PROCESSOR");
        var taken = service.post("/api/v1/serviceInstances", with(ENRICHER, "\"instanceId\":\"" + id + "\""));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("error").asText()).contains("needs its lease token in X-Weir-Lease");
        var again = service.send("POST", "/api/v1/serviceInstances", with(ENRICHER, "\"instanceId\":\"" + id + "\""),
                "X-Weir-Lease", lease.get("leaseToken").asText());
        assertThat(again.status()).isEqualTo(201);

        var reader = admin.withToken(TestSecrets.READ_TOKEN).post("/api/v1/serviceInstances", with(CLICKS, null));
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.body().get("error").asText()).contains("this call needs service (use a service or admin token)");
        assertThat(admin.post("/api/v1/serviceInstances", with(CLICKS, null)).status()).as("admin covers service").isEqualTo(201);
        assertThat(service.post("/api/v1/jobClusters", ControlPlaneContract.CLUSTER).status()).as("service is not admin").isEqualTo(403);
        assertThat(service.get("/api/v1/serviceInstances").status()).as("service covers read").isEqualTo(200);

        var param = admin.get("/api/v1/serviceInstances?producs=click.v1");
        assertThat(param.status()).isEqualTo(400);
        assertThat(param.body().get("error").asText()).isEqualTo("unknown parameter 'producs' (expected: type, name, produces, consumes)");
        assertThat(admin.get("/api/v1/serviceInstances?type=FILTER").body().get("error").asText())
                .isEqualTo("type: 'FILTER' (expected: SOURCE, PROCESSOR or SINK)");
        assertThat(admin.get("/api/v1/serviceInstancesStream?type=FILTER").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/serviceInstances/nobody").status()).isEqualTo(404);
    }

    @Test
    void everyRegistrationOrHeartbeatWithANullWrongTypedOrMissingValueIsAnsweredBelow500NamingTheField() {
        String registration = with(ENRICHER, "\"instanceId\":\"enricher-fz\",\"health\":{\"status\":\"DEGRADED\",\"reason\":\"r\"},"
                + "\"endpoints\":[{\"transportId\":\"tcp\",\"plane\":\"stream\",\"address\":\"h:1\",\"capabilities\":{\"streaming\":true,"
                + "\"persistentConnections\":true,\"bidirectional\":false,\"maxMessageBytes\":10},\"metadata\":{\"k\":\"v\"}}]");
        var lease = register(registration);
        String beatPath = "/api/v1/serviceInstances/enricher-fz/heartbeat";
        String beat = "{\"health\":{\"status\":\"UNHEALTHY\",\"reason\":\"r\"},\"figures\":{\"rps\":1.5}}";
        var failures = new ArrayList<String>();
        for (var route : List.of("POST", "PUT")) {
            String valid = route.equals("POST") ? registration : beat;
            for (var m : io.weir.master.testing.JsonMutations.of(valid)) {
                var res = route.equals("POST")
                        ? service.send("POST", "/api/v1/serviceInstances", m.body(), "X-Weir-Lease", lease.get("leaseToken").asText())
                        : service.send("PUT", beatPath, m.body(), "X-Weir-Lease", lease.get("leaseToken").asText());
                String error = res.body() == null ? "" : res.body().path("error").asText();
                boolean ok = res.status() < 300 || (res.status() < 500 && !error.isBlank()
                        && (res.status() != 400 || error.toLowerCase(java.util.Locale.ROOT).contains(m.field().toLowerCase(java.util.Locale.ROOT)))
                        && !error.contains("Exception") && !error.contains("`"));
                if (!ok) {
                    failures.add(route + " " + m.path() + " " + m.kind() + " -> " + res.status() + " " + res.text());
                }
                if (res.status() == 201 && !res.body().get("instanceId").asText().equals("enricher-fz")) {
                    service.send("DELETE", "/api/v1/serviceInstances/" + res.body().get("instanceId").asText(), null,
                            "X-Weir-Lease", res.body().get("leaseToken").asText());
                }
            }
        }
        assertThat(failures).as("a 4xx names the field it is about, without internals").isEmpty();
    }

    @Test
    void registrationsBeyondTheLimitGet429() throws IOException {
        for (int i = 1; i < 20; i++) {
            register(with(ENRICHER, null));
        }
        register(with(CLICKS, null));
        var full = service.post("/api/v1/serviceInstances", with(CLICKS, null));
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.body().get("error").asText()).isEqualTo("the registry holds 20 instances, its limit (WEIR_MAX_SERVICE_INSTANCES); "
                + "deregister instances that are gone or raise the limit");
    }

    @Test
    void aWatcherGetsTheCurrentSetAtOnceAndEachChangeWithinMilliseconds() throws Exception {
        awaitRebuilt();
        var first = register(with(CLICKS, null));
        var watch = closing(new SseClient(admin.base() + "/api/v1/serviceInstancesStream?produces=click.v1", TestSecrets.READ_TOKEN));
        assertThat(watch.status()).isEqualTo(200);
        assertThat(ids(nextChange(watch, 5))).containsExactly(first.get("instanceId").asText());

        var other = closing(new SseClient(admin.base() + "/api/v1/serviceInstancesStream?name=enricher"));
        assertThat(ids(nextChange(other, 5))).isEmpty();

        for (int i = 0; i < 5; i++) {
            var second = register(with(CLICKS, null));
            long registered = System.nanoTime();
            var set = nextChange(watch, 5);
            long latency = Duration.ofNanos(System.nanoTime() - registered).toMillis();
            assertThat(ids(set)).contains(first.get("instanceId").asText(), second.get("instanceId").asText());
            assertThat(latency).as("the change reaches the watcher within 100 ms").isLessThan(100);
        }
        var healthy = heartbeat(first, "{\"figures\":{\"recordsPerSecond\":3.0}}");
        assertThat(healthy.status()).isEqualTo(200);
        var sick = heartbeat(first, "{\"health\":{\"status\":\"UNHEALTHY\",\"reason\":\"disk full\"}}");
        assertThat(sick.status()).isEqualTo(200);
        var changed = nextChange(watch, 5);
        assertThat(changed.get("instances").findValuesAsText("reason"))
                .as("a figures-only heartbeat sent nothing; the health change comes next").containsExactly("disk full");
        assertThat(other.isCompleted()).isFalse();
        await().atMost(Duration.ofSeconds(2)).until(() -> other.next(1).path("heartbeat").asBoolean());
    }

    @Test
    void aLapsedLeaseReachesWatchersAndHealth() throws Exception {
        awaitRebuilt();
        var lease = register(with(ENRICHER, "\"leaseTtlMs\":500"));
        long deadline = admin.get("/api/v1/serviceInstances/" + lease.get("instanceId").asText()).body().get("leaseExpiresAt").asLong();
        var watch = closing(new SseClient(admin.base() + "/api/v1/serviceInstancesStream?name=enricher"));
        assertThat(ids(nextChange(watch, 5))).hasSize(1);
        var health = closing(new SseClient(admin.base() + "/api/v1/pipeline/healthStream"));
        assertThat(nextChange(health, 5).get("status").asText()).isEqualTo("DEGRADED");

        var empty = nextChange(watch, 5);
        long late = System.currentTimeMillis() - deadline;
        assertThat(ids(empty)).isEmpty();
        assertThat(late).as("the lapse reaches the watcher within 100 ms of the deadline").isLessThan(100);
        var lapsed = nextChange(health, 5);
        assertThat(lapsed.get("status").asText()).isEqualTo("UNHEALTHY");
        assertThat(lapsed.get("reasons").get(0).asText()).startsWith("enricher: lease of " + lease.get("instanceId").asText() + " lapsed at ");
        assertThat(admin.get("/api/v1/services/enricher").body().get("instances")).isEmpty();
        assertThat(metric("weir_registry_lease_lapses_total")).isEqualTo(1);
    }

    @Test
    void aNewWatcherStartsFromEveryAcknowledgedChangeEvenWithinTheCoalescingWindow(@TempDir Path otherDir) throws Exception {
        fixture.close();
        fixture = startMaster(otherDir, new RegistryConfig(1_000, 600_000, 60_000, 200, 20)); // a minute-long window
        admin = fixture.http();
        service = admin.withToken(SERVICE_TOKEN);
        awaitRebuilt();
        String id = register(with(ENRICHER, null)).get("instanceId").asText();

        var watch = closing(new SseClient(admin.base() + "/api/v1/serviceInstancesStream?name=enricher"));
        assertThat(ids(nextChange(watch, 5))).containsExactly(id);
        var topology = closing(new SseClient(admin.base() + "/api/v1/pipeline/topologyStream"));
        assertThat(nextChange(topology, 5).get("unproduced").get(0).asText()).isEqualTo("click.v1");
        var health = closing(new SseClient(admin.base() + "/api/v1/pipeline/healthStream"));
        assertThat(nextChange(health, 5).get("status").asText()).isEqualTo("DEGRADED");

        String second = register(with(ENRICHER, null)).get("instanceId").asText();
        var joining = closing(new SseClient(admin.base() + "/api/v1/serviceInstancesStream?name=enricher"));
        assertThat(ids(nextChange(joining, 5))).as("a second watcher of the same query").containsExactlyInAnyOrder(id, second);
    }

    @Test
    void theTopologyAndHealthStreamsStartWithTheCurrentValueAndFollowChanges() throws Exception {
        awaitRebuilt();
        register(with(ENRICHER, null));
        var topology = closing(new SseClient(admin.base() + "/api/v1/pipeline/topologyStream"));
        var first = nextChange(topology, 5);
        assertThat(first.get("unproduced").get(0).asText()).isEqualTo("click.v1");
        assertThat(first.get("edges")).isEmpty();
        var health = closing(new SseClient(admin.base() + "/api/v1/pipeline/healthStream"));
        var degraded = nextChange(health, 5);
        assertThat(degraded.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.get("reasons").get(0).asText()).isEqualTo("enricher: consumes click.v1, which no service produces");

        var clicks = register(with(CLICKS, null));
        var joined = nextChange(topology, 5);
        assertThat(joined.get("edges").get(0).toString()).isEqualTo("{\"from\":\"clicks\",\"to\":\"enricher\",\"eventType\":\"click.v1\"}");
        assertThat(joined.get("unproduced")).isEmpty();
        assertThat(joined.get("unconsumed").get(0).asText()).isEqualTo("click.enriched.v1");
        assertThat(nextChange(health, 5).get("status").asText()).isEqualTo("HEALTHY");

        assertThat(heartbeat(clicks, "{\"health\":{\"status\":\"DEGRADED\",\"reason\":\"lagging\"}}").status()).isEqualTo(200);
        var lagging = nextChange(health, 5);
        assertThat(lagging.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(lagging.get("services").get(0).get("instances").get(0).get("reason").asText()).isEqualTo("lagging");
        assertThat(admin.get("/api/v1/pipeline/topology").body().get("services")).hasSize(2);
        assertThat(admin.get("/api/v1/pipeline/health").body().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(metric("weir_pipeline_health{service=\"clicks\"}")).isEqualTo(1);
        assertThat(metric("weir_registry_instances{type=\"SOURCE\"}")).isEqualTo(1);
        assertThat(metric("weir_registry_watchers")).isEqualTo(2);
        assertThat(metric("weir_registry_registrations_total")).isEqualTo(2);
        assertThat(metric("weir_registry_heartbeats_total")).isEqualTo(1);
        assertThat(metric("weir_registry_watch_events_total")).isGreaterThan(0);
        await().atMost(Duration.ofSeconds(2)).until(() -> topology.next(1).path("heartbeat").asBoolean());
    }

    double metric(String series) {
        return admin.get("/metrics").text().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
