package io.weir.master.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.security.ClusterSecret;
import io.weir.master.testing.FakeAgent;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents and the master over real HTTP with authentication on: registering needs the cluster secret, every other agent
 * call the session the registration returned, worker events count only from the agent a worker was placed on, and the
 * master presents its key to agents and a job token with each assignment.
 */
class AgentAuthenticationTest {

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

    FakeAgent agent(String id, int portsFrom) {
        var a = new FakeAgent(http(), id, "127.0.0.1", 2, false).ports(portsFrom, portsFrom + 99);
        agents.add(a);
        return a;
    }

    List<String> executors() {
        var ids = new ArrayList<String>();
        http().get("/api/v1/resourceClusters/default/taskExecutors").body().path("list").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    JsonNode onlyWorker(String jobId) {
        return http().get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").get(0);
    }

    String runOneWorker() {
        http().post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        String jobId = http().post("/api/v1/jobClusters/one/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> onlyWorker(jobId).get("state").asText().equals("Started"));
        return jobId;
    }

    @Test
    void aRegistrationWithoutTheClusterSecretIsRefused401AndTheAgentIsNotListed() {
        var none = agent("intruder", 20_000).tryRegister(null);
        var wrong = agent("intruder", 20_000).tryRegister("a-guessed-cluster-secret-123456");
        var adminToken = agent("intruder", 20_000).tryRegister(TestSecrets.ADMIN_TOKEN);

        for (var res : List.of(none, wrong, adminToken)) {
            assertThat(res.status()).as(res.text()).isEqualTo(401);
            assertThat(res.body().get("error").asText()).startsWith("registration needs the cluster secret: start the agent with "
                    + "WEIR_CLUSTER_SECRET_FILE");
        }
        assertThat(executors()).isEmpty();
        assertThat(http().get("/metrics").text()).contains("weir_http_requests_refused_total{reason=\"wrong_cluster_secret\"} 2.0")
                .contains("weir_http_requests_refused_total{reason=\"missing_cluster_secret\"} 1.0");
    }

    @Test
    void aSecondRegistrationOfALiveAgentsIdIsStill409WithTheSecret() {
        agent("a1", 20_000).register();
        var res = agent("a1", 20_100).tryRegister();
        assertThat(res.status()).as(res.text()).isEqualTo(409);
        assertThat(res.body().path("session").isMissingNode()).isTrue();
    }

    @Test
    void theMasterPresentsItsKeyToAgentsAndEachAssignmentCarriesItsJobsToken() {
        var a1 = agent("a1", 20_000).register();
        String jobId = runOneWorker();
        assertThat(a1.refusedCalls).isEmpty();
        var assignment = a1.running.values().iterator().next();
        assertThat(assignment.jobToken()).isEqualTo(ClusterSecret.of(TestSecrets.CLUSTER_SECRET, "test").jobTokens().tokenFor(jobId));
    }

    @Test
    void agentCallsWithoutTheirSessionAreRefused401() {
        var a1 = agent("a1", 20_000).register();
        String heartbeat = "{\"id\":\"a1\",\"instanceId\":\"" + a1.instanceId() + "\",\"workers\":[]}";
        for (String credential : new String[] {null, TestSecrets.CLUSTER_SECRET, TestSecrets.ADMIN_TOKEN, "was1.forged"}) {
            var res = http().withToken(credential).post("/api/v1/resourceClusters/default/actions/heartBeatFromTaskExecutor", heartbeat);
            assertThat(res.status()).as(credential + ": " + res.text()).isEqualTo(401);
            assertThat(res.body().get("error").asText()).startsWith("this call needs the session credential the master gave the agent");
        }
        var disconnect = http().withToken(null).post("/api/v1/resourceClusters/default/actions/disconnectTaskExecutor",
                "{\"id\":\"a1\",\"instanceId\":\"" + a1.instanceId() + "\"}");
        assertThat(disconnect.status()).isEqualTo(401);
        assertThat(executors()).containsExactly("a1");
    }

    @Test
    void forgedWorkerEventsAreRefusedAndTheWorkerIsUnchanged() {
        var a1 = agent("a1", 20_000).register();
        String jobId = runOneWorker();
        var a2 = agent("a2", 20_100).register();
        var before = onlyWorker(jobId);
        int worker = before.get("workerNumber").asInt();
        String failed = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ",\"state\":\"Failed\",\"reason\":\"forged\"}";
        String moved = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ",\"state\":\"Started\",\"host\":\"10.6.6.6\","
                + "\"ports\":{\"data\":[6666]}}";

        var anonymous = http().withToken(null).post("/api/v1/workerEvents", "{\"events\":[" + failed + "]}");
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(401);
        var forgedSession = http().withToken("was1.not-a-session").post("/api/v1/workerEvents", "{\"events\":[" + failed + "]}");
        assertThat(forgedSession.status()).isEqualTo(401);
        var jobToken = http().withToken(ClusterSecret.of(TestSecrets.CLUSTER_SECRET, "t").jobTokens().tokenFor(jobId))
                .post("/api/v1/workerEvents", "{\"events\":[" + failed + "]}");
        assertThat(jobToken.status()).isEqualTo(403);

        var otherAgent = http().withToken(a2.session()).post("/api/v1/workerEvents", "{\"events\":[" + failed + "," + moved + "]}");
        assertThat(otherAgent.status()).isEqualTo(200);
        assertThat(otherAgent.body().get("results").get(0).get("outcome").asText()).isEqualTo("unknown");
        assertThat(otherAgent.body().get("results").get(0).get("message").asText()).contains("is not placed on a2");
        assertThat(otherAgent.body().get("results").get(1).get("outcome").asText()).isEqualTo("unknown");

        var viaOwnAction = a2.report(failed);
        assertThat(viaOwnAction.body().get("results").get(0).get("outcome").asText()).isEqualTo("unknown");
        var a1BodyWithA2Session = http().withToken(a2.session()).post("/api/v1/resourceClusters/default/actions/notifyTaskExecutorStatusChange",
                "{\"id\":\"a1\",\"instanceId\":\"" + a1.instanceId() + "\",\"events\":[" + failed + "]}");
        assertThat(a1BodyWithA2Session.status()).as(a1BodyWithA2Session.text()).isEqualTo(403);
        assertThat(a1BodyWithA2Session.body().get("error").asText()).contains("belongs to agent a2");

        var after = onlyWorker(jobId);
        assertThat(after.get("state").asText()).isEqualTo("Started");
        assertThat(after.get("workerNumber").asInt()).isEqualTo(worker);
        assertThat(after.get("host").asText()).isEqualTo(before.get("host").asText()).isNotEqualTo("10.6.6.6");
        assertThat(after.get("ports")).isEqualTo(before.get("ports"));
        assertThat(after.path("lastFailure").isMissingNode() || after.path("lastFailure").isNull()).isTrue();

        var own = http().withToken(a1.session()).post("/api/v1/workerEvents", "{\"events\":[" + failed + "]}");
        assertThat(own.body().get("results").get(0).get("outcome").asText()).as("the worker's own agent may report it").isEqualTo("ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> onlyWorker(jobId).get("workerNumber").asInt() != worker);
    }
}
