package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real master and agent processes: a job that can never start fails at once with the agent's reason (misspelled class,
 * missing artifact) instead of being retried for minutes with no reason shown, or is refused at submission when the
 * master has the class (wrong parameter type, stage count not matching the topology).
 */
class PermanentFailureTest {

    private static final String WORD_COUNT_STAGES = "\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}},"
            + "\"2\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}},"
            + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}}}";

    @TempDir
    Path dataDir;

    @Test
    void jobsThatCanNeverStartFailAtOnceWithTheReason() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 1)) {
            var http = cluster.http();
            expectFailure(http, "typo", "{\"name\":\"typo\",\"jobClass\":\"io.weir.examples.WordCountJobb\"," + WORD_COUNT_STAGES + "}",
                    "'io.weir.examples.WordCountJobb' is not on the agent's class path");
            expectFailure(http, "noartifact", "{\"name\":\"noartifact\",\"jobClass\":\"io.weir.examples.WordCountJob\",\"artifact\":\"file:"
                    + dataDir.resolve("missing.jar") + "\",\"artifactSha256\":\"" + "0".repeat(64) + "\"," + WORD_COUNT_STAGES + "}",
                    "not found on agent");
            expectRefusedAtSubmission(http, "badparam", "{\"name\":\"badparam\",\"jobClass\":\"io.weir.examples.WordCountJob\","
                    + "\"parameters\":{\"sentencesPerSecond\":\"fast\"}," + WORD_COUNT_STAGES + "}", "parameters.sentencesPerSecond: 'fast'");
            expectRefusedAtSubmission(http, "twostages", "{\"name\":\"twostages\",\"jobClass\":\"io.weir.examples.WordCountJob\","
                    + "\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}},"
                    + "\"2\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}}}}", "declares 2 stages but");
        }
    }

    /** The master has the class (it ships with Weir), so it checks parameters and stages before creating anything. */
    private static void expectRefusedAtSubmission(TestHttp http, String name, String definition, String expected) {
        assertThat(http.post("/api/v1/jobClusters", definition).status()).isEqualTo(201);
        var res = http.post("/api/v1/jobClusters/" + name + "/jobs", "");
        assertThat(res.status()).as(res.text()).isEqualTo(400);
        assertThat(res.body().get("error").asText()).contains(expected);
        assertThat(http.get("/api/v1/jobs?cluster=" + name).body().get("list")).isEmpty();
    }

    private static void expectFailure(TestHttp http, String name, String definition, String expected) {
        var created = http.post("/api/v1/jobClusters", definition);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long submittedAt = System.nanoTime();
        String jobId = http.post("/api/v1/jobClusters/" + name + "/jobs", "").body().get("jobId").asText();
        JsonNode job = await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/jobs/" + jobId).body(), j -> j.get("state").asText().equals("Failed"));
        long millis = (System.nanoTime() - submittedAt) / 1_000_000;
        assertThat(job.get("reason").asText()).contains("cannot start", expected, "fix the job cluster");
        assertThat(job.get("stages").findValuesAsText("totalResubmitCount")).as("nothing was retried").containsOnly("0");
        System.out.printf("permanent failure %s: job Failed %d ms after submit%n", name, millis);
    }
}
