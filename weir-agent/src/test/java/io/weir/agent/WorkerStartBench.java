package io.weir.agent;

import static org.awaitility.Awaitility.await;

import io.weir.agent.builtin.PortHoldingWorker;
import io.weir.agent.process.WorkersConfig;
import io.weir.agent.testing.FakeMaster;
import io.weir.core.model.WorkerState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (not run by default): prints the time from posting an assignment to the master receiving Started, per
 * worker mode. Run with {@code -Dtest=WorkerStartBench -Dweir.bench.starts=9}.
 */
class WorkerStartBench {

    @TempDir
    Path dataDir;

    @Test
    void startTimes() throws Exception {
        int n = Integer.getInteger("weir.bench.starts", 9);
        for (var mode : List.of(WorkersConfig.Mode.IN_AGENT, WorkersConfig.Mode.PROCESS)) {
            var times = new ArrayList<Long>();
            try (var master = new FakeMaster()) {
                var config = AgentConfig.of(master.url()).withCluster("bench").withHost("127.0.0.1").withBindHost("127.0.0.1")
                        .withHeartbeat(1000, 3).withSecret(FakeMaster.SECRET);
                var agent = Agent.start(config, WorkersConfig.defaults().withMode(mode).withDataDir(dataDir.resolve(mode.label())));
                try {
                    await().atMost(Duration.ofSeconds(30)).until(agent::isRegistered);
                    var http = HttpClient.newHttpClient();
                    for (int i = 0; i < n; i++) {
                        String job = "bench-" + mode.label() + "-" + i;
                        String body = "{\"jobId\":\"" + job + "\",\"workerNumber\":0,\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                                + "\"jobClass\":\"" + PortHoldingWorker.class.getName() + "\",\"parameters\":{},\"ports\":[],"
                                + "\"cpuCores\":1,\"memoryMB\":256}";
                        long t0 = System.nanoTime();
                        http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                                .until(() -> master.states(job, 0).contains(WorkerState.Started));
                        times.add((System.nanoTime() - t0) / 1_000_000);
                        http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/" + job + "/0")).DELETE().build(),
                                HttpResponse.BodyHandlers.discarding());
                        await().atMost(Duration.ofSeconds(60)).until(() -> master.states(job, 0).contains(WorkerState.Completed));
                    }
                } finally {
                    agent.close();
                }
            }
            var sorted = times.stream().sorted().toList();
            System.out.printf("BENCH worker start (%s): p50 %d ms, min %d ms, max %d ms, runs %s%n", mode.label(),
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), times);
        }
    }
}
