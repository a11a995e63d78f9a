package io.weir.master.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.scheduler.reservation.ReservationRegistryConfig;
import io.weir.master.testing.FakeAgent;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduling on resource clusters over real HTTP: agents register, workers are placed, lost agents' workers move. */
class ResourceSchedulingTest {

    static final ResourceClusterConfig FAST = new ResourceClusterConfig(600, 50, 500, false,
            new ReservationRegistryConfig(2_000, 1_000, 5_000));

    @TempDir
    Path dir;
    MasterFixture fixture;
    TestHttp http;
    final List<FakeAgent> agents = new ArrayList<>();

    ResourceClusterConfig config() {
        return FAST;
    }

    @BeforeEach
    void start() {
        fixture = MasterFixture.withResourceClusters(Stores.h2(dir), dir, MasterFixture.FAST, config()).start();
        http = fixture.http();
    }

    @AfterEach
    void stop() {
        agents.forEach(FakeAgent::close);
        fixture.close();
    }

    FakeAgent agent(String id, String host, double cpu, boolean broken) {
        int from = 20_000 + agents.size() * 100;
        var a = new FakeAgent(http, id, host, cpu, broken).ports(from, from + 99).register();
        agents.add(a);
        return a;
    }

    List<JsonNode> workers(String jobId) {
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").forEach(s -> s.get("workers").forEach(out::add));
        return out;
    }

    String submit(String cluster) {
        var res = http.post("/api/v1/jobClusters/" + cluster + "/jobs", "");
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        return res.body().get("jobId").asText();
    }

    @Test
    void aStageNoAgentCanEverTakeSaysWhyAtOnceAndIsPlacedWhenABigEnoughAgentJoins() {
        agent("small-a", "127.0.0.1", 2, false);
        http.post("/api/v1/jobClusters", "{\"name\":\"big\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":16}}}}");
        String jobId = submit("big");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            var job = http.get("/api/v1/jobs/" + jobId).body();
            assertThat(job.path("reason").asText()).isEqualTo("stage 1 waits: no agent offers 16 cores; the largest offers 2");
            assertThat(job.get("stages").get(0).get("workers").get(0).path("waiting").asText()).contains("no agent offers 16 cores");
        });
        agent("big-b", "127.0.0.1", 16, false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var w = workers(jobId).get(0);
            assertThat(w.path("taskExecutorId").asText()).isEqualTo("big-b");
            assertThat(w.has("waiting")).isFalse();
        });
    }

    @Test
    void aThreeStageJobRunsOnThreeAgentsAndALostAgentsWorkersMoveToTheOthers() {
        var a = agent("agent-a", "127.0.0.1", 2, false);
        agent("agent-b", "127.0.0.1", 2, false);
        agent("agent-c", "127.0.0.1", 2, false);
        var executors = http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list");
        assertThat(executors).hasSize(3);
        assertThat(executors.get(0).get("state").asText()).isEqualTo("available");
        assertThat(executors.get(0).get("metricsUrl").asText()).endsWith("/metrics");

        http.post("/api/v1/jobClusters", "{\"name\":\"three\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1}},"
                + "\"2\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1}},\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1,\"memoryMB\":128}}}}");
        String jobId = submit("three");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        var onA = workers(jobId).stream().filter(w -> w.get("taskExecutorId").asText().equals("agent-a")).toList();

        a.crash();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var now = workers(jobId);
            assertThat(now).hasSize(3).allMatch(w -> w.get("state").asText().equals("Started"))
                    .noneMatch(w -> w.get("taskExecutorId").asText().equals("agent-a"));
        });
        await().untilAsserted(() -> assertThat(http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list"))
                .anyMatch(e -> e.get("id").asText().equals("agent-a") && e.get("state").asText().equals("lost")));
        for (var w : onA) {
            int n = w.get("workerNumber").asInt();
            assertThat(workers(jobId)).anyMatch(r -> r.path("resubmitOf").asInt() == n);
        }
    }

    @Test
    void reservationsWaitForCapacityAndArePlacedWhenAnAgentArrives() {
        agent("small", "127.0.0.1", 1, false);
        http.post("/api/v1/jobClusters", "{\"name\":\"big\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":3,\"machine\":{\"cpuCores\":2}}}}");
        String jobId = submit("big");
        await().untilAsserted(() -> assertThat(workers(jobId)).allMatch(w -> w.get("state").asText().equals("Accepted")));
        if (config().direct()) {
            agent("large", "127.0.0.1", 8, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
            return;
        }
        await().untilAsserted(() -> {
            var view = http.get("/api/v1/resourceClusters/default/reservations").body();
            assertThat(view.get("ready").asBoolean()).isTrue();
            assertThat(view.get("pendingReservations").asInt()).isEqualTo(1);
            var r = view.get("groups").get(0).get("reservations").get(0);
            assertThat(r.get("jobId").asText()).isEqualTo(jobId);
            assertThat(r.get("requestedWorkers").asInt()).isEqualTo(3);
            assertThat(r.get("priority").get("type").asText()).isEqualTo("NEW_JOB");
        });
        agent("large", "127.0.0.1", 8, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        assertThat(workers(jobId)).allMatch(w -> w.get("taskExecutorId").asText().equals("large"));
        assertThat(http.get("/api/v1/resourceClusters/default/reservations").body().get("pendingReservations").asInt()).isZero();
    }

    @Test
    void uniqueHostAndAttributeConstraintsAreHonoured() {
        agent("h1", "host-1", 4, false);
        agent("h2", "host-2", 4, false);
        agent("h3", "host-3", 4, false);
        http.post("/api/v1/jobClusters", "{\"name\":\"spread\",\"jobClass\":\"a.B\",\"stages\":{"
                + "\"1\":{\"numWorkers\":3,\"hardConstraints\":[\"UniqueHost\"]},\"2\":{\"numWorkers\":2,\"hardConstraints\":[\"zone=h2\"]}}}");
        String jobId = submit("spread");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        var stages = http.get("/api/v1/jobs/" + jobId).body().get("stages");
        var hosts = new ArrayList<String>();
        stages.get(0).get("workers").forEach(w -> hosts.add(w.get("host").asText()));
        assertThat(hosts).containsExactlyInAnyOrder("host-1", "host-2", "host-3");
        stages.get(1).get("workers").forEach(w -> assertThat(w.get("taskExecutorId").asText()).isEqualTo("h2"));
    }

    @Test
    void anAgentThatRefusesAssignmentsIsDisabledAndItsWorkersGoElsewhere() {
        var broken = agent("broken", "127.0.0.1", 16, true);
        http.post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        String jobId = submit("one");
        await().atMost(Duration.ofSeconds(10)).until(() -> !broken.assignmentsSeen.isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/resourceClusters/default/taskExecutors").body()
                .get("list").get(0).get("state").asText().equals("disabled"));
        agent("healthy", "127.0.0.1", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        var w = workers(jobId).get(0);
        assertThat(w.get("taskExecutorId").asText()).isEqualTo("healthy");
        assertThat(w.get("resubmitOf").asInt()).isPositive();
    }

    @Test
    void badRegistrationsAreRejectedWithTheField() {
        var agents = http.withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET);
        var res = agents.post("/api/v1/resourceClusters/default/actions/registerTaskExecutor",
                "{\"id\":\"x\",\"host\":\"h\",\"machine\":{\"cpuCores\":1},\"ports\":{\"from\":10,\"to\":5},\"agentUrl\":\"http://h:1\"}");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.body().get("error").asText()).startsWith("ports: 10-5");
        var noUrl = agents.post("/api/v1/resourceClusters/default/actions/registerTaskExecutor",
                "{\"id\":\"x\",\"host\":\"h\",\"machine\":{\"cpuCores\":1},\"ports\":{\"from\":10,\"to\":15}}");
        assertThat(noUrl.body().get("error").asText()).startsWith("agentUrl");
        var unknown = agents.post("/api/v1/resourceClusters/default/actions/heartBeatFromTaskExecutor", "{\"id\":\"ghost\",\"workers\":[]}");
        assertThat(unknown.status()).as("an agent without a session is told to register").isEqualTo(401);
        assertThat(unknown.body().get("error").asText()).contains("register again");
        assertThat(http.get("/api/v1/resourceClusters/nope/taskExecutors").status()).isEqualTo(404);
    }
}
