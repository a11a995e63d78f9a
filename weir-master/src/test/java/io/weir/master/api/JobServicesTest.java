package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.job.JobSupervisorConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job cluster that declares event types: its job's sink workers are service instances for as long as they live. */
class JobServicesTest {

    /** Workers stay as reported without heartbeats, so the test plays no agent. */
    private static final JobSupervisorConfig NO_WORKER_TIMEOUTS = new JobSupervisorConfig(600_000, 600_000, 1_000,
            List.of(0L), 300_000, 5, true, 10_000, 10_000);
    private static final String CLUSTER = ControlPlaneContract.CLUSTER.replace("\"labels\":{\"team\":\"demo\"}",
            "\"labels\":{\"team\":\"demo\"},\"eventTypes\":{\"consumes\":[\"click.v1\"],\"produces\":[\"click.counts.v1\"]}");

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private SseClient watch;

    @AfterEach
    void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        fixture.close();
    }

    @Test
    void sinkWorkersAppearWhenPlacedTurnHealthyWhenStartedAndDisappearWhenTheJobIsKilled() throws Exception {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, NO_WORKER_TIMEOUTS).start();
        TestHttp http = fixture.http();
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        watch = new SseClient(http.base() + "/api/v1/serviceInstancesStream?consumes=click.v1");
        assertThat(ServiceRoutesTest.ids(ServiceRoutesTest.nextChange(watch, 5))).isEmpty();

        String jobId = http.post("/api/v1/jobClusters/wc/jobs", "").body().get("jobId").asText();
        JsonNode placed = awaitChange(set -> set.get("instances").size() == 2
                && set.get("instances").findValuesAsText("reason").equals(List.of("Launched", "Launched")));
        assertThat(ServiceRoutesTest.ids(placed)).containsExactly("job:" + jobId + ":0", "job:" + jobId + ":1");
        var first = placed.get("instances").get(0);
        assertThat(first.get("name").asText()).isEqualTo("wc");
        assertThat(first.get("type").asText()).isEqualTo("PROCESSOR");
        assertThat(first.get("origin").asText()).isEqualTo("job");
        assertThat(first.get("jobId").asText()).isEqualTo(jobId);
        assertThat(first.get("workerIndex").asInt()).isZero();
        assertThat(first.get("health").get("status").asText()).isEqualTo("UNHEALTHY");
        assertThat(first.has("leaseExpiresAt")).isFalse();

        for (var w : sinkWorkers(http, jobId)) {
            int n = w.get("workerNumber").asInt();
            event(http, jobId, n, "StartInitiated", null);
            event(http, jobId, n, "Started", 7100 + n);
        }
        JsonNode started = awaitChange(set -> set.get("instances").findValuesAsText("status").equals(List.of("HEALTHY", "HEALTHY")));
        var endpoint = started.get("instances").get(0).get("endpoints").get(0);
        assertThat(endpoint.get("transportId").asText() + "/" + endpoint.get("plane").asText()).isEqualTo("tcp/stream");
        assertThat(endpoint.get("address").asText()).matches("127\\.0\\.0\\.1:71\\d\\d");
        assertThat(endpoint.get("capabilities").get("streaming").asBoolean()).isTrue();
        var health = http.get("/api/v1/services/wc").body();
        assertThat(health.get("status").asText()).as("nobody produces click.v1").isEqualTo("DEGRADED");
        assertThat(health.get("outputTypes").get(0).asText()).isEqualTo("click.counts.v1");

        assertThat(http.delete("/api/v1/jobs/" + jobId).status()).isEqualTo(202);
        awaitChange(set -> set.get("instances").isEmpty());
        assertThat(http.get("/api/v1/services/wc").status()).as("a killed job's workers left; they did not lapse").isEqualTo(404);
    }

    private JsonNode awaitChange(java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            var set = ServiceRoutesTest.nextChange(watch, 10);
            if (until.test(set)) {
                return set;
            }
            assertThat(System.nanoTime()).as("the expected set within 10 s, last " + set).isLessThan(deadline);
        }
    }

    private static List<JsonNode> sinkWorkers(TestHttp http, String jobId) {
        await().until(() -> {
            var ws = new ArrayList<JsonNode>();
            http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("workers").forEach(ws::add);
            return ws.size() == 2 && ws.stream().allMatch(w -> w.get("state").asText().equals("Launched"));
        });
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("workers").forEach(out::add);
        return out;
    }

    private static void event(TestHttp http, String jobId, int workerNumber, String state, Integer port) {
        var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber
                + ",\"state\":\"" + state + "\"" + (port == null ? "" : ",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + port + "]}") + "}]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.body().get("results").get(0).get("outcome").asText()).isEqualTo("ok");
    }
}
