package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.job.JobSupervisorConfig;
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
import reactor.netty.http.client.HttpClient;

/**
 * The director on a real master: a client asks for a worker of a service's job and gets the least loaded Started worker
 * that advertises endpoints; workers that report themselves unavailable, and workers a client reported failed, are
 * skipped; when none can take a session the answer says why for each.
 */
class DirectorRoutesTest {

    /** Workers stay as reported without heartbeats, so the test plays no agent. */
    private static final JobSupervisorConfig NO_WORKER_TIMEOUTS = new JobSupervisorConfig(600_000, 600_000, 1_000,
            List.of(0L), 300_000, 5, true, 10_000, 10_000);

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private TestHttp http;
    private String jobId;
    private int a;
    private int b;

    @BeforeEach
    void start() {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, NO_WORKER_TIMEOUTS).start();
        http = fixture.http();
        assertThat(http.post("/api/v1/jobClusters", ControlPlaneContract.CLUSTER).status()).isEqualTo(201);
        jobId = http.post("/api/v1/jobClusters/wc/jobs", "").body().get("jobId").asText();
        var workers = lastStageWorkers();
        a = workers.get(0);
        b = workers.get(1);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private List<Integer> lastStageWorkers() {
        await().until(() -> {
            var ws = http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("workers");
            return ws.size() == 2 && ws.findValuesAsText("state").equals(List.of("Launched", "Launched"));
        });
        var out = new ArrayList<Integer>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("workers").forEach(w -> out.add(w.get("workerNumber").asInt()));
        return out;
    }

    private void events(String json) {
        var res = http.post("/api/v1/workerEvents", "{\"events\":[" + json + "]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        res.body().get("results").forEach(r -> assertThat(r.get("outcome").asText()).as(res.text()).isEqualTo("ok"));
    }

    private void started(int n) {
        started(n, "");
    }

    /** Reports worker {@code n} Started with its endpoint and {@code extra} fields (e.g. its first load). */
    private void started(int n, String extra) {
        events("{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + ",\"state\":\"StartInitiated\"}");
        events("{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + ",\"state\":\"Started\",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + (7100 + n)
                + "],\"endpoints\":[{\"transportId\":\"tcp\",\"plane\":\"request\",\"address\":\"127.0.0.1:" + (7200 + n) + "\"}]}" + extra + "}");
    }

    /**
     * Waits until discovery has published {@code n} Started workers: the director chooses from discovery's view, which
     * follows the control loop within one coalescing window.
     */
    private void awaitPublished(int n) {
        HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN)).get()
                .uri(http.base() + "/assignmentresults/" + jobId).responseContent().asString()
                .filter(frame -> frame.split("\"state\":\"Started\"", -1).length - 1 >= n)
                .blockFirst(Duration.ofSeconds(10));
    }

    private void load(int n, int sessions, boolean available, String reason) {
        events("{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + ",\"load\":{\"sessions\":" + sessions + ",\"available\":" + available
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}}");
    }

    private TestHttp.Response assign(String body) {
        return http.post("/api/v1/jobClusters/wc/assignments", body);
    }

    private int assigned(String body) {
        var res = assign(body);
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return res.body().get("workerNumber").asInt();
    }

    @Test
    void theLeastLoadedAvailableWorkerIsChosenAndTheAnswerSaysWhereItIs() {
        var none = assign("{\"sessionId\":\"s-1\"}");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.body().get("code").asText()).isEqualTo("no_worker");
        assertThat(none.body().get("error").asText()).startsWith("no worker of wc can take a session now: ")
                .contains("2 of job " + jobId + "'s 2 workers are not Started yet");

        started(a);
        started(b);
        awaitPublished(2);
        var first = assign("{\"sessionId\":\"s-1\"}").body();
        assertThat(first.get("jobId").asText()).isEqualTo(jobId);
        assertThat(first.get("token").asText()).as("the job's read token, to call the worker with")
                .isEqualTo(http.get("/api/v1/jobs/" + jobId + "/sinkToken").body().get("sinkToken").asText());
        assertThat(first.get("host").asText()).isEqualTo("127.0.0.1");
        JsonNode endpoint = first.get("endpoints").get(0);
        assertThat(endpoint.get("transportId").asText() + " " + endpoint.get("address").asText())
                .isEqualTo("tcp 127.0.0.1:" + (7200 + first.get("workerNumber").asInt()));
        assertThat(first.get("standby").get("workerNumber").asInt()).as("the other worker stands by")
                .isNotEqualTo(first.get("workerNumber").asInt());
        assertThat(first.get("standby").get("token").asText()).isEqualTo(first.get("token").asText());
        int second = assigned("");
        assertThat(second).as("the other worker has fewer sessions").isNotEqualTo(first.get("workerNumber").asInt());

        load(a, 10, true, null);
        load(b, 0, true, null);
        for (int i = 0; i < 10; i++) {
            assertThat(assigned("{}")).as("assignment %d goes to the worker with 0 reported sessions", i).isEqualTo(b);
        }
        assertThat(List.of(assigned("{}"), assigned("{}"))).as("10 each now: they take turns").containsExactlyInAnyOrder(a, b);
        assertThat(http.withToken(TestSecrets.READ_TOKEN).post("/api/v1/jobClusters/wc/assignments", "{}").status())
                .as("a client with a read token").isEqualTo(200);
    }

    @Test
    void aSessionThatMovedToItsStandbyGetsThatWorkerCountedThereAndANewStandby() {
        started(a);
        started(b);
        awaitPublished(2);
        load(a, 0, true, null);
        load(b, 5, true, null);
        var moved = assign("{\"sessionId\":\"s-1\",\"movedTo\":{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + b + "}}").body();
        assertThat(moved.get("workerNumber").asInt()).as("where the session is, although it has more sessions").isEqualTo(b);
        assertThat(moved.get("sessions").asInt()).isEqualTo(5);
        assertThat(moved.get("standby").get("workerNumber").asInt()).isEqualTo(a);
        assertThat(assign("{\"movedTo\":{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + b + "}}").body().get("sessions").asInt())
                .as("the move counted one more session on it").isEqualTo(6);

        var failedAndMoved = assign("{\"failed\":{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + a + ",\"reason\":\"connection lost\"},"
                + "\"movedTo\":{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + b + "}}").body();
        assertThat(failedAndMoved.get("workerNumber").asInt()).isEqualTo(b);
        assertThat(failedAndMoved.has("standby")).as("the only other worker is suspect now").isFalse();
    }

    @Test
    void unavailableAndSuspectWorkersAreSkippedAndTheRefusalSaysWhy() {
        started(a);
        started(b, ",\"load\":{\"sessions\":0,\"available\":false,\"reason\":\"recovering\"}");
        awaitPublished(2);
        assertThat(assigned("{}")).as("a worker whose Started report says it is recovering is skipped at once").isEqualTo(a);
        load(b, 0, false, "draining");
        for (int i = 0; i < 3; i++) {
            assertThat(assigned("{}")).isEqualTo(a);
        }
        var res = assign("{\"sessionId\":\"s-7\",\"failed\":{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + a
                + ",\"reason\":\"missed 3 heartbeats\"}}");
        assertThat(res.status()).isEqualTo(503);
        assertThat(res.body().get("error").asText()).contains("worker " + a + " is suspect for ", "(missed 3 heartbeats)")
                .contains("worker " + b + " is unavailable (draining)");

        load(b, 0, true, null);
        assertThat(assigned("{\"exclude\":[]}")).isEqualTo(b);
        assertThat(assign("{\"exclude\":[" + b + "]}").body().get("error").asText()).contains("worker " + b + " is excluded by the request");
        assertThat(fixture.http().get("/metrics").text()).contains("weir_director_assignments_total{outcome=\"assigned\"}")
                .contains("weir_director_suspects_total 1.0");
    }

    @Test
    void badRequestsAreRefusedWithASentence() {
        assertThat(http.post("/api/v1/jobClusters/nope/assignments", "{}").status()).isEqualTo(404);
        var unknownField = assign("{\"session\":\"s\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().get("error").asText()).contains("session");
        var negative = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + a
                + ",\"load\":{\"sessions\":-1,\"available\":true}}]}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("error").asText()).startsWith("events.0.load: sessions -1");
    }
}
