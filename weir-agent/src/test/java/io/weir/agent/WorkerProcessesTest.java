package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.agent.builtin.ExitingWorker;
import io.weir.agent.builtin.FailingWorker;
import io.weir.agent.builtin.OomWorker;
import io.weir.agent.builtin.PortHoldingWorker;
import io.weir.agent.process.WorkersConfig;
import io.weir.agent.testing.FakeMaster;
import io.weir.agent.testing.TestWorkers;
import io.weir.core.model.FailureKind;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers in their own processes: one's OutOfMemoryError or System.exit ends only that one, with its reason, at once. */
class WorkerProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeMaster master;
    private Agent agent;

    @BeforeEach
    void start() {
        master = new FakeMaster();
        var config = AgentConfig.of(master.url()).withCluster("test").withHost("127.0.0.1").withBindHost("127.0.0.1")
                .withHeartbeat(50, 3).withRequestTimeoutMillis(1000).withSecret(FakeMaster.SECRET);
        agent = Agent.start(config, WorkersConfig.defaults().withDataDir(dataDir));
        await().atMost(WAIT).until(agent::isRegistered);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        master.close();
    }

    @Test
    void anOutOfMemoryErrorAndASystemExitEndOnlyTheirOwnWorkerAndSayWhy() throws Exception {
        int port = Ports.free();
        assign("keeper-1", 0, PortHoldingWorker.class.getName(), List.of(port), 128, "{}");
        await().atMost(WAIT).until(() -> master.states("keeper-1", 0).contains(WorkerState.Started));
        long keeperPid = pid("keeper-1");
        assertThat(ProcessHandle.of(keeperPid)).isPresent();

        assign("oom-1", 0, OomWorker.class.getName(), List.of(), 64, "{\"delayMillis\":\"1500\"}");
        assign("exit-1", 0, ExitingWorker.class.getName(), List.of(), 64, "{\"code\":\"42\",\"delayMillis\":\"1500\"}");

        var oom = failed("oom-1");
        assertThat(oom.reason()).startsWith("worker process ran out of memory (-Xmx64m): Java heap space");
        assertThat(oom.failureKind()).isEqualTo(FailureKind.TRANSIENT);
        var exit = failed("exit-1");
        assertThat(exit.reason()).isEqualTo("worker process exited with code 42 (System.exit)");
        assertThat(master.states("oom-1", 0)).containsExactly(WorkerState.StartInitiated, WorkerState.Started, WorkerState.Failed);

        assertThat(ProcessHandle.of(keeperPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Ports.accepts(port)).as("the other worker keeps serving").isTrue();
        assertThat(master.states("keeper-1", 0)).containsExactly(WorkerState.StartInitiated, WorkerState.Started);
        assertThat(logs("oom-1", 50)).contains("OutOfMemoryError");
        var metrics = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("weir_agent_worker_process_exits_total{cause=\"oom\"} 1.0")
                .contains("weir_agent_worker_process_exits_total{cause=\"exit\"} 1.0")
                .contains("weir_agent_worker_process_starts_total 3.0");
    }

    @Test
    void aFailureReachesTheMasterWithinASecondOfTheProcessEnding() throws Exception {
        assign("exit-2", 0, ExitingWorker.class.getName(), List.of(), 64, "{\"code\":\"7\",\"delayMillis\":\"1000\"}");
        await().atMost(WAIT).until(() -> master.states("exit-2", 0).contains(WorkerState.Started));
        var handle = ProcessHandle.of(pid("exit-2")).orElseThrow();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> !handle.isAlive());
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> master.states("exit-2", 0).contains(WorkerState.Failed));
        assertThat(failed("exit-2").reason()).isEqualTo("worker process exited with code 7 (System.exit)");
    }

    @Test
    void aStartFailureInTheProcessKeepsItsReasonAndKind() throws Exception {
        assign("missing-1", 0, "no.such.Job", List.of(), 64, "{}");
        var missing = failed("missing-1");
        assertThat(missing.reason()).contains("jobClass 'no.such.Job' is not on the agent's class path");
        assertThat(missing.failureKind()).isEqualTo(FailureKind.PERMANENT);
        assign("failing-1", 0, FailingWorker.class.getName(), List.of(), 64, "{}");
        assertThat(failed("failing-1").reason()).isEqualTo("start failed: IllegalStateException: " + FailingWorker.DEFAULT_MESSAGE);
        assertThat(master.states("failing-1", 0)).containsExactly(WorkerState.StartInitiated, WorkerState.Failed);
    }

    @Test
    void theJobTokenReachesTheWorkerInItsOwnProcess() throws Exception {
        String body = "{\"jobId\":\"token-1\",\"workerNumber\":0,\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"" + TestWorkers.TokenEcho.class.getName() + "\",\"parameters\":{},\"ports\":[],"
                + "\"jobToken\":\"secret-token-1\",\"memoryMB\":64}";
        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).header("Authorization", AgentTest.MASTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        assertThat(failed("token-1").reason()).startsWith("start failed: IllegalStateException: token secret-token-1 in process ")
                .doesNotEndWith("in process " + ProcessHandle.current().pid());
    }

    @Test
    void aStoppedWorkerProcessEndsAndReportsCompleted() throws Exception {
        assign("stop-1", 0, PortHoldingWorker.class.getName(), List.of(), 64, "{}");
        await().atMost(WAIT).until(() -> master.states("stop-1", 0).contains(WorkerState.Started));
        var handle = ProcessHandle.of(pid("stop-1")).orElseThrow();
        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/stop-1/0")).header("Authorization", AgentTest.MASTER).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> !handle.isAlive() && master.states("stop-1", 0).contains(WorkerState.Completed));
        assertThat(logs("stop-1", 10)).contains("stopping: stop requested by the agent");
    }

    private WorkerEvent failed(String jobId) {
        await().atMost(WAIT).until(() -> master.states(jobId, 0).contains(WorkerState.Failed));
        return master.events(jobId, 0).stream().filter(e -> e.state() == WorkerState.Failed).findFirst().orElseThrow();
    }

    private long pid(String jobId) {
        return agent.workers().stream().filter(w -> w.jobId().equals(jobId)).findFirst().orElseThrow().pid();
    }

    private String logs(String jobId, int tail) throws Exception {
        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/" + jobId + "/0/logs?tail=" + tail)).header("Authorization", AgentTest.MASTER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }

    private void assign(String jobId, int workerNumber, String jobClass, List<Integer> ports, int memoryMB, String parameters)
            throws Exception {
        String body = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber + ",\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"" + jobClass + "\",\"parameters\":" + parameters + ",\"ports\":" + ports
                + ",\"cpuCores\":0.5,\"memoryMB\":" + memoryMB + "}";
        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).header("Authorization", AgentTest.MASTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }
}
