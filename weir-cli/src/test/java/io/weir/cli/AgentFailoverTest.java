package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with real processes: a master, three agents, a three-stage job, and one agent killed with SIGKILL. */
class AgentFailoverTest {

    @TempDir
    Path dataDir;

    private static List<JsonNode> workers(TestHttp http, String jobId) {
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").forEach(s -> s.get("workers").forEach(out::add));
        return out;
    }

    private static boolean accepts(String host, int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aJobOnThreeAgentsHealsAfterOneIsKilled() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 3)) {
            healsAfterAnAgentIsKilled(cluster);
        }
    }

    private void healsAfterAnAgentIsKilled(LocalCluster cluster) throws Exception {
        var http = cluster.http();
        var created = http.post("/api/v1/jobClusters", "{\"name\":\"holders\",\"jobClass\":\"io.weir.agent.builtin.PortHoldingWorker\","
                + "\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1,\"memoryMB\":256}},"
                + "\"2\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1,\"memoryMB\":256}},"
                + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":1,\"memoryMB\":256}}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/holders/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        for (var w : workers(http, jobId)) {
            assertThat(accepts(w.get("host").asText(), w.get("ports").get(0).asInt())).as("worker %s bound", w).isTrue();
        }

        Map<String, Integer> perAgent = new HashMap<>();
        workers(http, jobId).forEach(w -> perAgent.merge(w.get("taskExecutorId").asText(), 1, Integer::sum));
        String victim = perAgent.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long killedAt = System.nanoTime();
        cluster.agent(victim).kill9();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(workers(http, jobId)).hasSize(3)
                .allMatch(w -> w.get("state").asText().equals("Started"))
                .noneMatch(w -> w.get("taskExecutorId").asText().equals(victim)));
        long healedMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("failover: agent " + victim + " (" + perAgent.get(victim) + " workers) killed; all workers Started elsewhere after "
                + healedMillis + " ms");
        for (var w : workers(http, jobId)) {
            assertThat(accepts(w.get("host").asText(), w.get("ports").get(0).asInt())).as("replacement %s bound", w).isTrue();
        }
        await().untilAsserted(() -> assertThat(http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list"))
                .anyMatch(e -> e.get("id").asText().equals(victim) && e.get("state").asText().equals("lost")));
    }
}
