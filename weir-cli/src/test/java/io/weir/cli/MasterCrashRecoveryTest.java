package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master process killed with SIGKILL comes back with everything it acknowledged. */
class MasterCrashRecoveryTest {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        int submitted = 20;
        try (var first = MasterProcess.start(dataDir)) {
            var http = new TestHttp("http://127.0.0.1:" + first.port());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            assertThat(http.post("/api/v1/jobClusters",
                    "{\"name\":\"crash\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":3,\"scalable\":true,\"max\":9}}}").status())
                    .isEqualTo(201);
            for (int i = 0; i < submitted; i++) {
                assertThat(http.post("/api/v1/jobClusters/crash/jobs", "").status()).isEqualTo(201);
            }
            assertThat(http.post("/api/v1/jobs/crash-7/actions/scaleStage", "{\"StageNumber\":1,\"NumWorkers\":5}").status()).isEqualTo(200);
            assertThat(http.delete("/api/v1/jobs/crash-3").status()).isEqualTo(202);
            first.kill9();
        }
        try (var second = MasterProcess.start(dataDir)) {
            var http = new TestHttp("http://127.0.0.1:" + second.port());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            assertThat(http.get("/api/v1/jobs?state=active").body().get("list").size()).isEqualTo(submitted - 1);
            assertThat(http.get("/api/v1/jobs/crash-3").body().get("state").asText()).isEqualTo("Killed");
            assertThat(http.get("/api/v1/jobs/crash-7").body().get("stages").get(0).get("workers").size()).isEqualTo(5);
            assertThat(http.post("/api/v1/jobClusters/crash/jobs", "").body().get("jobId").asText()).isEqualTo("crash-" + (submitted + 1));
        }
    }

    @Test
    void aKilledJobWaitingForAReplacementStaysKilledAfterAMasterCrash() throws Exception {
        var first = MasterProcess.start(dataDir);
        int port = first.port();
        var http = new TestHttp(first.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
        try (var agent = WeirProcess.start(java.util.regex.Pattern.compile("Weir agent \\S+ on \\S+ registered"), "agent",
                "--master", first.url(), "--id", "a1", "--cpu", "2", "--memory-mb", "1024", "--host", "127.0.0.1")) {
            assertThat(http.post("/api/v1/jobClusters", "{\"name\":\"flaky\",\"jobClass\":\"io.weir.agent.builtin.FailingWorker\","
                    + "\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}").status()).isEqualTo(201);
            String jobId = http.post("/api/v1/jobClusters/flaky/jobs", "").body().get("jobId").asText();
            // its source fails at every start: after three failures the next replacement waits 5 s
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/jobs/" + jobId).body()
                    .findValuesAsText("totalResubmitCount").contains("3"));
            assertThat(http.delete("/api/v1/jobs/" + jobId).status()).isEqualTo(202);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Killed"));
            first.kill9();
            try (var second = MasterProcess.start(dataDir, port, java.util.Map.of())) {
                var again = new TestHttp(second.url());
                await().atMost(Duration.ofSeconds(30)).until(() -> again.get("/readyz").status() == 200);
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() ->
                        again.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Killed")
                                && again.get("/api/v1/jobs?state=active").body().get("list").isEmpty()
                                && again.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list")
                                        .findValues("workers").stream().allMatch(JsonNode::isEmpty));
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aTakenPortIsAClearUserError() throws Exception {
        try (var first = MasterProcess.start(dataDir)) {
            var out = new java.io.ByteArrayOutputStream();
            var err = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            var saved = System.err;
            int code;
            System.setErr(err);
            try {
                code = WeirCli.run("master", "--port", String.valueOf(first.port()), "--data-dir", dataDir.resolve("other").toString());
            } finally {
                System.setErr(saved);
            }
            assertThat(code).isEqualTo(1);
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("port " + first.port() + " is in use: pick another with --port");
        }
    }
}
