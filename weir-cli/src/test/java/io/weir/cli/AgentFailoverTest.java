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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with real processes: a master, three agents, a three-stage job, and one agent killed with SIGKILL. */
class AgentFailoverTest {

    private static final Pattern AGENT_READY = Pattern.compile("Weir agent \\S+ on \\S+ registered");

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (var p : processes.reversed()) {
            p.close();
        }
    }

    private WeirProcess agent(String masterUrl, String id, int firstPort) throws Exception {
        var p = WeirProcess.start(AGENT_READY, "agent", "--master", masterUrl, "--id", id, "--cpu", "2", "--memory-mb", "2048",
                "--ports", firstPort + "-" + (firstPort + 49), "--host", "127.0.0.1");
        processes.add(p);
        return p;
    }

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
        var master = MasterProcess.start(dataDir);
        processes.add(master);
        var http = new TestHttp(master.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
        var agents = new HashMap<String, WeirProcess>();
        for (int i = 0; i < 3; i++) {
            agents.put("agent-" + i, agent(master.url(), "agent-" + i, 31_000 + i * 100));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list").size() == 3);

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
        agents.get(victim).kill9();

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
