package io.weir.master.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * One agent per id and one port range per host, over real HTTP: a second process with a live agent's id is refused,
 * a new instance takes over the id of a lost one (whose workers are replaced), a superseded instance can no longer
 * act, and overlapping port ranges on one host are refused.
 */
class AgentIdentityTest {

    @TempDir
    Path dir;
    MasterFixture fixture;
    final List<FakeAgent> agents = new ArrayList<>();

    @BeforeEach
    void start() {
        fixture = MasterFixture.withResourceClusters(Stores.h2(dir), dir, MasterFixture.FAST, ResourceSchedulingTest.FAST).start();
    }

    @AfterEach
    void stop() {
        agents.forEach(FakeAgent::close);
        fixture.close();
    }

    TestHttp http() {
        return fixture.http();
    }

    FakeAgent agent(String id, String host, int portsFrom) {
        var a = new FakeAgent(http(), id, host, 2, false).ports(portsFrom, portsFrom + 99);
        agents.add(a);
        return a;
    }

    JsonNode executor(String id) {
        for (var e : http().get("/api/v1/resourceClusters/default/taskExecutors").body().get("list")) {
            if (e.get("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no task executor " + id);
    }

    List<Integer> workersOn(String executorId) {
        var out = new ArrayList<Integer>();
        executor(executorId).get("workers").forEach(w -> out.add(w.get("workerNumber").asInt()));
        return out;
    }

    JsonNode onlyWorker(String jobId) {
        return http().get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").get(0);
    }

    /** Defines a one-worker job, submits it and waits until its worker is Started; its job id. */
    String runOneWorker() {
        http().post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        var res = http().post("/api/v1/jobClusters/one/jobs", "");
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        String jobId = res.body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> onlyWorker(jobId).get("state").asText().equals("Started"));
        return jobId;
    }

    @Test
    void aSecondAgentWithTheIdOfALiveAgentIsRefusedAndTheFirstKeepsItsWorkers() {
        var first = agent("a1", "127.0.0.1", 20_000).register();
        String jobId = runOneWorker();
        int worker = onlyWorker(jobId).get("workerNumber").asInt();

        var res = agent("a1", "127.0.0.1", 20_100).tryRegister();

        assertThat(res.status()).as(res.text()).isEqualTo(409);
        assertThat(res.body().get("error").asText())
                .startsWith("agent id a1 is in use by a live agent at " + first.url() + ": pick another --id, or stop that agent first");
        assertThat(first.heartbeatOnce().body().get("registered").asBoolean()).isTrue();
        assertThat(first.tryRegister().status()).as("the same instance registering again").isEqualTo(200);
        assertThat(workersOn("a1")).containsExactly(worker);
        assertThat(onlyWorker(jobId).get("state").asText()).isEqualTo("Started");
        assertThat(onlyWorker(jobId).get("workerNumber").asInt()).isEqualTo(worker);
    }

    @Test
    void aNewInstanceTakesOverTheIdOfALostAgentAndTheOldInstanceIsRefused() {
        var first = agent("a1", "127.0.0.1", 20_000).register();
        String jobId = runOneWorker();
        int worker = onlyWorker(jobId).get("workerNumber").asInt();
        first.pauseHeartbeats();
        await().atMost(Duration.ofSeconds(10)).until(() -> executor("a1").get("state").asText().equals("lost"));

        var second = agent("a1", "127.0.0.1", 20_000).register();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var w = onlyWorker(jobId);
            assertThat(w.get("state").asText()).isEqualTo("Started");
            assertThat(w.get("resubmitOf").asInt()).isEqualTo(worker);
            assertThat(workersOn("a1")).containsExactly(w.get("workerNumber").asInt());
        });
        var heartbeat = first.heartbeatOnce();
        assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(409);
        assertThat(heartbeat.body().get("error").asText()).contains("a1").contains(second.url()).contains("stop this agent");
        var report = first.report("{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ",\"state\":\"Started\"}");
        assertThat(report.status()).as(report.text()).isEqualTo(409);
        assertThat(first.disconnect().status()).isEqualTo(409);
        assertThat(second.heartbeatOnce().body().get("registered").asBoolean()).isTrue();
        assertThat(executor("a1").get("state").asText()).isNotEqualTo("lost");
    }

    @Test
    void aLostAgentCanBeForgottenAndALiveOneCannot() {
        var gone = agent("a1", "127.0.0.1", 20_000).register();
        agent("a2", "127.0.0.1", 20_100).register();
        gone.pauseHeartbeats();
        await().atMost(Duration.ofSeconds(10)).until(() -> executor("a1").get("state").asText().equals("lost"));

        var live = http().delete("/api/v1/resourceClusters/default/taskExecutors/a2");
        assertThat(live.status()).as(live.text()).isEqualTo(409);
        assertThat(live.body().get("error").asText()).contains("agent a2 is live").contains("stop it first");
        var forgotten = http().delete("/api/v1/resourceClusters/default/taskExecutors/a1");
        assertThat(forgotten.status()).as(forgotten.text()).isEqualTo(200);
        assertThat(http().get("/api/v1/resourceClusters/default/taskExecutors").body().get("list").findValuesAsText("id"))
                .containsExactly("a2");
        assertThat(http().delete("/api/v1/resourceClusters/default/taskExecutors/a1").status()).isEqualTo(404);
    }

    @Test
    void afterAMasterRestartANewInstanceTakesOverAndTheOldInstancesWorkersAreFailedAsLost() {
        var first = agent("a1", "127.0.0.1", 20_000).register();
        String jobId = runOneWorker();
        int worker = onlyWorker(jobId).get("workerNumber").asInt();
        first.crash();
        fixture.restart();

        agent("a1", "127.0.0.1", 20_000).register();

        assertThat(workersOn("a1")).as("the old instance's workers are not kept as allocations").doesNotContain(worker);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var w = onlyWorker(jobId);
            assertThat(w.get("state").asText()).isEqualTo("Started");
            assertThat(w.get("resubmitOf").asInt()).isEqualTo(worker);
        });
    }

    @Test
    void afterAMasterRestartTheSameInstanceRegistersAgainAndKeepsItsWorkers() {
        var first = agent("a1", "127.0.0.1", 20_000).register();
        String jobId = runOneWorker();
        int worker = onlyWorker(jobId).get("workerNumber").asInt();
        fixture.restart();
        first.useMaster(fixture.http());

        var res = first.tryRegister();

        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(workersOn("a1")).containsExactly(worker);
        assertThat(first.heartbeatOnce().body().get("registered").asBoolean()).isTrue();
        assertThat(onlyWorker(jobId).get("workerNumber").asInt()).isEqualTo(worker);
    }

    @Test
    void overlappingPortRangesOnOneHostAreRefusedWhileTheOtherAgentLives() {
        var a1 = agent("a1", "10.0.0.1", 7_100).register();

        var overlapping = agent("a2", "10.0.0.1", 7_150).tryRegister();
        assertThat(overlapping.status()).as(overlapping.text()).isEqualTo(409);
        assertThat(overlapping.body().get("error").asText()).startsWith(
                "ports 7150-7249 of agent a2 overlap ports 7100-7199 of live agent a1 on host 10.0.0.1: give each agent on one host "
                        + "its own range with --ports FROM-TO");
        assertThat(agent("a3", "10.0.0.2", 7_150).tryRegister().status()).as("another host").isEqualTo(200);
        assertThat(agent("a4", "10.0.0.1", 7_200).tryRegister().status()).as("a disjoint range").isEqualTo(200);

        a1.pauseHeartbeats();
        await().atMost(Duration.ofSeconds(10)).until(() -> executor("a1").get("state").asText().equals("lost"));
        assertThat(agent("a5", "10.0.0.1", 7_100).ports(7_100, 7_199).tryRegister().status()).as("the range of a lost agent").isEqualTo(200);
    }
}
