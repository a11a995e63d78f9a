package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (not run by default): {@code kill -9} of one worker process at a time, each a different slot (so no
 * resubmit delay applies), and the time until its replacement is Started. Run with {@code -Dtest=WorkerFailoverBench}.
 */
class WorkerFailoverBench {

    @TempDir
    Path dataDir;

    @Test
    void failoverAfterKillingAWorkerProcess() throws Exception {
        int slots = Integer.getInteger("weir.bench.kills", 7);
        try (var cluster = LocalCluster.start(dataDir, 2)) {
            var http = cluster.http();
            var created = http.post("/api/v1/jobClusters", "{\"name\":\"holders\",\"jobClass\":\"io.weir.agent.builtin.PortHoldingWorker\","
                    + "\"stages\":{\"1\":{\"numWorkers\":" + slots + ",\"machine\":{\"cpuCores\":0.25,\"memoryMB\":128}}}}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String jobId = http.post("/api/v1/jobClusters/holders/jobs", "").body().get("jobId").asText();
            await().atMost(Duration.ofSeconds(120)).until(() -> workers(http, jobId).stream()
                    .allMatch(w -> w.path("state").asText().equals("Started")) && workers(http, jobId).size() == slots);
            var times = new ArrayList<Long>();
            for (int index = 0; index < slots; index++) {
                int i = index;
                var victim = workers(http, jobId).stream().filter(w -> w.get("workerIndex").asInt() == i).findFirst().orElseThrow();
                int number = victim.get("workerNumber").asInt();
                long pid = pidOf(http, jobId, number);
                long t0 = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> workers(http, jobId).stream()
                        .anyMatch(w -> w.get("workerIndex").asInt() == i && w.get("workerNumber").asInt() != number
                                && w.path("state").asText().equals("Started")));
                times.add((System.nanoTime() - t0) / 1_000_000);
            }
            var sorted = times.stream().sorted().toList();
            System.out.printf("BENCH failover after kill -9 of a worker process: p50 %d ms, min %d ms, max %d ms, runs %s%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), times);
        }
    }

    private static long pidOf(TestHttp http, String jobId, int workerNumber) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        for (var e : http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list")) {
            String agent = e.get("metricsUrl").asText().replaceFirst("/metrics$", "");
            var res = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(agent + "/api/v1/workers")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (var w : io.weir.core.json.Json.lenient().readTree(res.body()).get("list")) {
                if (w.get("jobId").asText().equals(jobId) && w.get("workerNumber").asInt() == workerNumber) {
                    return w.get("pid").asLong();
                }
            }
        }
        throw new IllegalStateException("worker " + workerNumber + " runs on no agent");
    }

    private static List<JsonNode> workers(TestHttp http, String jobId) {
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").forEach(s -> s.get("workers").forEach(out::add));
        return out;
    }
}
