package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.sink.SinkTarget;
import io.weir.core.json.Json;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * TopWordsJob reads the word count by its cluster's name, all real processes: its top arrives, and when the word count
 * is killed and submitted again the same TopWords job (same workers) follows the new job, whose counts start over.
 */
class TopWordsEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(TopWordsEndToEndTest.class);
    private static final String MACHINE = "\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}";

    @TempDir
    Path dataDir;

    @Test
    void topWordsFollowsTheWordCountAcrossAKillAndResubmit() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 2);
             var client = WeirClient.create(WeirClientConfig.of(cluster.masterUrl()).withToken(TestSecrets.ADMIN_TOKEN))) {
            TestHttp http = cluster.http();
            create(http, "{\"name\":\"wordcount\",\"jobClass\":\"io.weir.examples.WordCountJob\",\"parameters\":{\"sentencesPerSecond\":\"5\"},"
                    + "\"stages\":{\"1\":{\"numWorkers\":1," + MACHINE + "},\"2\":{\"numWorkers\":1," + MACHINE + "},\"3\":{\"numWorkers\":1," + MACHINE + "}}}");
            create(http, "{\"name\":\"topwords\",\"jobClass\":\"io.weir.examples.TopWordsJob\",\"parameters\":{\"n\":\"3\",\"emitMillis\":\"100\"},"
                    + "\"stages\":{\"1\":{\"numWorkers\":1," + MACHINE + "},\"2\":{\"numWorkers\":1," + MACHINE + "}}}");
            String first = submitAndAwaitStarted(http, "wordcount");
            String topJob = submitAndAwaitStarted(http, "topwords");
            String topWorkers = workers(http, topJob);

            var tops = new CopyOnWriteArrayList<JsonNode>();
            var session = client.sinkSession(SinkTarget.job(topJob)).build();
            Disposable reading = session.records().subscribe(r -> tops.add(parse(r.payload())));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> theCount(tops) >= 20);

                client.jobs().kill(first, "replaced by the test");
                String second = submitAndAwaitStarted(http, "wordcount");
                long started = System.nanoTime();
                int seen = tops.size();
                long before = tops.stream().mapToLong(t -> count(t, "the")).max().orElseThrow();
                await().atMost(Duration.ofSeconds(60)).until(() -> tops.subList(seen, tops.size()).stream()
                        .anyMatch(t -> count(t, "the") > 0 && count(t, "the") < before));
                log.info("TopWords shows counts of the new word count job {} ms after {} was Started (emitMillis 100)",
                        (System.nanoTime() - started) / 1_000_000, second);
                assertThat(workers(http, topJob)).as("the consumer was not restarted").isEqualTo(topWorkers);
                assertThat(http.get("/api/v1/jobs/" + topJob).body().get("state").asText()).isEqualTo("Launched");
            } finally {
                reading.dispose();
                session.close();
            }
        }
    }

    private static void create(TestHttp http, String cluster) {
        var res = http.post("/api/v1/jobClusters", cluster);
        assertThat(res.status()).as(res.text()).isEqualTo(201);
    }

    private static String submitAndAwaitStarted(TestHttp http, String cluster) {
        String jobId = http.post("/api/v1/jobClusters/" + cluster + "/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonNode job = http.get("/api/v1/jobs/" + jobId).body();
            if (!job.get("state").asText().equals("Launched")) {
                return false;
            }
            for (JsonNode stage : job.get("stages")) {
                for (JsonNode w : stage.get("workers")) {
                    if (!w.get("state").asText().equals("Started")) {
                        return false;
                    }
                }
            }
            return true;
        });
        return jobId;
    }

    private static String workers(TestHttp http, String jobId) {
        var out = new StringBuilder();
        for (JsonNode stage : http.get("/api/v1/jobs/" + jobId).body().get("stages")) {
            for (JsonNode w : stage.get("workers")) {
                out.append(w.get("workerNumber").asInt()).append(' ');
            }
        }
        return out.toString();
    }

    private static long theCount(List<JsonNode> tops) {
        return tops.isEmpty() ? 0 : count(tops.get(tops.size() - 1), "the");
    }

    private static long count(JsonNode top, String word) {
        for (JsonNode wc : top.get("top")) {
            if (wc.get("word").asText().equals(word)) {
                return wc.get("count").asLong();
            }
        }
        return 0;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.lenient().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
