package io.weir.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.cli.LocalCluster;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed with SIGKILL behind the console's back, on a real agent running each worker in a process of
 * its own: the open job page shows its slot red, then green again once the replacement has started, without a reload.
 */
class ConsoleWorkerKillTest {

    private static final String JOB = "{\"name\":\"killme\",\"jobClass\":\"io.weir.examples.SyntheticSourceJob\","
            + "\"parameters\":{\"eventsPerSecond\":\"50\"},\"stages\":{\"1\":{\"numWorkers\":2,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}";

    @TempDir
    Path dataDir;

    @Test
    void aKilledWorkerProcessTurnsRedThenGreenWithoutAReload() throws Exception {
        Browser.requireInstalled();
        // a failed worker waits 1 s before its replacement starts, so the console has a moment to show it red
        try (var cluster = LocalCluster.start(dataDir, 1, Map.of("WEIR_RESUBMIT_STEPS_MS", "1000"), "--cpu", "4", "--memory-mb", "2048");
             var browser = Browser.start(1280, 800)) {
            TestHttp http = cluster.http();
            assertThat(http.post("/api/v1/jobClusters", JOB).status()).isEqualTo(201);
            String jobId = http.post("/api/v1/jobClusters/killme/jobs", "").body().get("jobId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> started(http, jobId) == 2);

            var console = new ConsoleSession(browser, cluster.masterUrl());
            console.signIn(TestSecrets.ADMIN_TOKEN, "admin");
            console.open("#/jobs/" + jobId);
            console.waitFor(".tile[data-state='Started']", 2);
            console.watchTile(1, 0);
            int victim = slot(http, jobId).get("workerNumber").asInt();
            ProcessHandle process = workerProcess(cluster, jobId, victim);

            long killedAt = System.currentTimeMillis();
            process.destroyForcibly();
            browser.waiting(ConsoleSession.WAIT).until(d -> console.tileSeenSince(killedAt, "bad") > 0);
            browser.screenshot("worker-killed");
            browser.waiting(Duration.ofSeconds(60)).until(d -> console.tileSeenSince(killedAt, "tile ok") > 0);
            browser.screenshot("worker-replaced");

            assertThat(console.notReloaded()).isTrue();
            JsonNode replacement = slot(http, jobId);
            assertThat(replacement.get("workerNumber").asInt()).as("a new worker in the slot").isNotEqualTo(victim);
            assertThat(replacement.get("state").asText()).isEqualTo("Started");
            assertThat(browser.errors()).as("errors the page logged").isEmpty();
            System.out.println("console: a killed worker process showed red after "
                    + (console.tileSeenSince(killedAt, "bad") - killedAt) + " ms");
        }
    }

    private static JsonNode slot(TestHttp http, String jobId) {
        return http.get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").get(0);
    }

    private static long started(TestHttp http, String jobId) {
        long n = 0;
        for (var w : http.get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers")) {
            n += w.get("state").asText().equals("Started") ? 1 : 0;
        }
        return n;
    }

    /** The process of worker {@code n}: the agent's child whose working directory is that worker's ({@code <job>-<n>}). */
    private static ProcessHandle workerProcess(LocalCluster cluster, String jobId, int n) throws IOException {
        var agent = ProcessHandle.of(cluster.agentPid("agent-0")).orElseThrow();
        for (var child : agent.children().toList()) {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", String.valueOf(child.pid()), "cwd"));
            if (cwd.getFileName().toString().equals(jobId + "-" + n)) {
                return child;
            }
        }
        throw new AssertionError("no process of worker " + n + " under agent " + agent.pid());
    }
}
