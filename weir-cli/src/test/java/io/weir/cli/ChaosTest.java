package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos on real processes: a master and four agents run two three-stage jobs while, one disruption at a time, an agent
 * is killed with SIGKILL (and started again under its id), frozen with SIGSTOP for a few seconds, or the master is
 * killed with SIGKILL and restarted on its port. After each disruption every job must heal: each slot exactly one
 * Started worker whose port accepts, nothing left Launched. The run lasts {@code -Dweir.chaos.seconds} (default 40;
 * the release check runs 600) and prints the time to heal.
 */
class ChaosTest {

    private static final Pattern AGENT_READY = Pattern.compile("Weir agent \\S+ on \\S+ registered");
    private static final int AGENTS = 4;
    private static final Duration HEAL_WITHIN = Duration.ofSeconds(45);
    /** A heal slower than this prints the jobs' state, so the cause of a slow heal can be read from the log. */
    private static final Duration SLOW_HEAL = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private MasterProcess master;
    private int masterPort;
    private final Map<String, WeirProcess> agents = new LinkedHashMap<>();

    @Test
    void everyJobHealsAfterEveryDisruption() throws Exception {
        long seconds = Long.getLong("weir.chaos.seconds", 40);
        var random = new Random(Long.getLong("weir.chaos.seed", System.nanoTime()));
        master = MasterProcess.start(dataDir);
        masterPort = master.port();
        try {
            var http = new TestHttp(master.url());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            for (int i = 0; i < AGENTS; i++) {
                startAgent("chaos-" + i);
            }
            for (String name : List.of("alpha", "beta")) {
                var res = http.post("/api/v1/jobClusters", "{\"name\":\"" + name + "\",\"jobClass\":\"io.weir.agent.builtin.PortHoldingWorker\","
                        + "\"stages\":{\"1\":{\"numWorkers\":2,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                        + "\"2\":{\"numWorkers\":2,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                        + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}");
                assertThat(res.status()).as(res.text()).isEqualTo(201);
                assertThat(http.post("/api/v1/jobClusters/" + name + "/jobs", "").status()).isEqualTo(201);
            }
            awaitHealed(HEAL_WITHIN);
            var healMillis = new ArrayList<Long>();
            var counts = new LinkedHashMap<String, Integer>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                String what = disrupt(random);
                counts.merge(what, 1, Integer::sum);
                long start = System.nanoTime();
                try {
                    awaitHealed(SLOW_HEAL);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    System.out.printf("chaos: not healed %d s after %s; jobs then:%n%s%n", SLOW_HEAL.toSeconds(), what, activeJobs());
                    awaitHealed(HEAL_WITHIN.minus(SLOW_HEAL));
                }
                healMillis.add((System.nanoTime() - start) / 1_000_000);
            }
            healMillis.sort(null);
            System.out.printf("chaos: %d disruptions %s over %d s; time to heal p50 %d ms, p99 %d ms, max %d ms%n", healMillis.size(),
                    counts, seconds, percentile(healMillis, 50), percentile(healMillis, 99), healMillis.getLast());
            assertThat(healMillis).isNotEmpty();
        } finally {
            for (var a : agents.values()) {
                signal("CONT", a.pid());
                a.close();
            }
            master.close();
        }
    }

    /** One random disruption; returns its name once the system is running again (processes restarted or resumed). */
    private String disrupt(Random random) throws Exception {
        var ids = List.copyOf(agents.keySet());
        String id = ids.get(random.nextInt(ids.size()));
        switch (random.nextInt(3)) {
            case 0 -> {
                agents.remove(id).kill9();
                var http = new TestHttp(master.url());
                await().atMost(Duration.ofSeconds(20)).until(() -> executors(http).stream()
                        .anyMatch(e -> e.get("id").asText().equals(id) && e.get("state").asText().equals("lost")));
                startAgent(id);
                return "agent kill -9";
            }
            case 1 -> {
                long pid = agents.get(id).pid();
                signal("STOP", pid);
                Thread.sleep(1_000 + random.nextInt(5_000));
                signal("CONT", pid);
                return "agent SIGSTOP";
            }
            default -> {
                master.kill9();
                master.close();
                master = MasterProcess.start(dataDir, masterPort, Map.of());
                return "master kill -9";
            }
        }
    }

    private void startAgent(String id) throws IOException {
        agents.put(id, WeirProcess.start(AGENT_READY, "agent", "--master", "http://127.0.0.1:" + masterPort, "--id", id, "--cpu", "2",
                "--memory-mb", "1024", "--host", "127.0.0.1"));
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
    }

    private static List<JsonNode> executors(TestHttp http) {
        var out = new ArrayList<JsonNode>();
        var res = http.get("/api/v1/resourceClusters/default/taskExecutors");
        if (res.status() == 200) {
            res.body().get("list").forEach(out::add);
        }
        return out;
    }

    /** Every active job has, in each slot, exactly one live worker, Started, with its port accepting. */
    private void awaitHealed(Duration within) {
        var http = new TestHttp(master.url());
        await().pollInterval(Duration.ofMillis(100)).atMost(within).ignoreExceptions().untilAsserted(() -> {
            var jobs = http.get("/api/v1/jobs?state=active").body().get("list");
            assertThat(jobs).hasSize(2);
            for (var listed : jobs) {
                var job = http.get("/api/v1/jobs/" + listed.get("jobId").asText()).body();
                assertThat(job.get("state").asText()).as("%s", job).isEqualTo("Launched");
                for (var stage : job.get("stages")) {
                    var slots = new HashSet<Integer>();
                    for (var w : stage.get("workers")) {
                        assertThat(w.get("state").asText()).as("%s", w).isEqualTo("Started");
                        assertThat(slots.add(w.get("workerIndex").asInt())).as("one worker per slot: %s", stage).isTrue();
                        assertThat(accepts(w.get("host").asText(), w.get("ports").get(0).asInt())).as("%s bound", w).isTrue();
                    }
                    assertThat(slots).hasSize(stage.get("numWorkers").asInt());
                }
            }
        });
    }

    private String activeJobs() {
        var http = new TestHttp(master.url());
        var out = new StringBuilder();
        try {
            for (var listed : http.get("/api/v1/jobs?state=active").body().get("list")) {
                out.append(http.get("/api/v1/jobs/" + listed.get("jobId").asText()).body().toPrettyString()).append('\n');
            }
            out.append(http.get("/api/v1/resourceClusters/default/taskExecutors").body().toPrettyString());
        } catch (RuntimeException e) {
            out.append("(master not answering: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private static boolean accepts(String host, int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
