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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: a master and one agent running each worker in a JVM of its own. A worker that runs out of memory and
 * one that calls System.exit leave the other worker on that agent serving, the master learns why at once, a worker's
 * log is readable through the master and the CLI, and {@code kill -9} of the agent leaves no worker process behind.
 */
class WorkerIsolationTest {

    @TempDir
    Path dataDir;

    @Test
    void oneWorkersCrashTouchesNoOtherAndAKilledAgentLeavesNoWorkerBehind() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 1)) {
            var http = cluster.http();
            String keeper = submit(http, "keeper", "io.weir.agent.builtin.PortHoldingWorker", 256, "{}");
            await().atMost(Duration.ofSeconds(60)).until(() -> state(http, keeper).equals("Started"));
            var keeperWorker = worker(http, keeper);
            int port = keeperWorker.get("ports").get(0).asInt();
            var agentPid = cluster.agent("agent-0").pid();
            var keeperProcesses = ProcessHandle.of(agentPid).orElseThrow().descendants().toList();
            assertThat(keeperProcesses).as("the worker runs in a process of its own").isNotEmpty();

            String oom = submit(http, "oom", "io.weir.agent.builtin.OomWorker", 64, "{\"delayMillis\":\"1000\"}");
            String exit = submit(http, "exit", "io.weir.agent.builtin.ExitingWorker", 64, "{\"code\":\"42\",\"delayMillis\":\"1000\"}");

            await().atMost(Duration.ofSeconds(60)).until(() -> lastFailure(http, oom) != null && lastFailure(http, exit) != null);
            assertThat(lastFailure(http, oom)).startsWith("worker process ran out of memory (-Xmx64m): Java heap space");
            assertThat(lastFailure(http, exit)).isEqualTo("worker process exited with code 42 (System.exit)");
            assertThat(state(http, keeper)).isEqualTo("Started");
            assertThat(worker(http, keeper).get("workerNumber").asInt()).isEqualTo(keeperWorker.get("workerNumber").asInt());
            assertThat(accepts(port)).as("the keeper still serves").isTrue();
            assertThat(keeperProcesses).allMatch(ProcessHandle::isAlive);

            int n = keeperWorker.get("workerNumber").asInt();
            var logs = http.get("/api/v1/jobs/" + keeper + "/workers/" + n + "/logs?tail=20");
            assertThat(logs.status()).as(logs.text()).isEqualTo(200);
            assertThat(logs.body().get("lines").isArray()).isTrue();
            assertThat(http.get("/api/v1/jobs/" + keeper + "/workers/" + n + "/logs?tail=x").status()).isEqualTo(400);
            var cli = WeirProcess.run(60, "workers", "logs", keeper, String.valueOf(n), "--tail", "5", "--master", cluster.masterUrl());
            assertThat(cli.code()).as(cli.output()).isEqualTo(ExitCodes.OK);

            var workers = ProcessHandle.of(agentPid).orElseThrow().descendants().toList();
            assertThat(workers).isNotEmpty();
            cluster.agent("agent-0").kill9();
            await().atMost(Duration.ofSeconds(15)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    private static String submit(TestHttp http, String name, String jobClass, int memoryMB, String parameters) {
        var created = http.post("/api/v1/jobClusters", "{\"name\":\"" + name + "\",\"jobClass\":\"" + jobClass + "\","
                + "\"parameters\":" + parameters + ","
                + "\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.25,\"memoryMB\":" + memoryMB + "}}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return http.post("/api/v1/jobClusters/" + name + "/jobs", "").body().get("jobId").asText();
    }

    private static JsonNode worker(TestHttp http, String jobId) {
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").forEach(s -> s.get("workers").forEach(out::add));
        return out.get(0);
    }

    private static String state(TestHttp http, String jobId) {
        return worker(http, jobId).path("state").asText();
    }

    private static String lastFailure(TestHttp http, String jobId) {
        var f = worker(http, jobId).get("lastFailure");
        return f == null ? null : f.asText();
    }

    private static boolean accepts(int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
