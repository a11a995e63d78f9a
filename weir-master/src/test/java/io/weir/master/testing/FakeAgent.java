package io.weir.master.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An agent stand-in for control-plane tests: it speaks the agent's HTTP contract (registration, heartbeats with
 * running workers, status changes, assignments and stops) without running any code; assigned workers are reported
 * StartInitiated and Started at once on their reserved port. {@link #crash()} stops it without a word to the master.
 */
public final class FakeAgent implements AutoCloseable {

    private final TestHttp master;
    private final String id;
    private final String host;
    private final double cpu;
    private final boolean rejectAssignments;
    private final ObjectMapper json = Json.lenient();
    private final DisposableServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    public final Map<String, WorkerAssignment> running = new ConcurrentHashMap<>();
    public final List<String> stopped = new CopyOnWriteArrayList<>();
    public final Set<String> assignmentsSeen = ConcurrentHashMap.newKeySet();

    public FakeAgent(TestHttp master, String id, String host, double cpu, boolean rejectAssignments) {
        this.master = master;
        this.id = id;
        this.host = host;
        this.cpu = cpu;
        this.rejectAssignments = rejectAssignments;
        this.server = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .post("/api/v1/workers", (req, res) -> req.receive().aggregate().asString().flatMap(body -> {
                    try {
                        var a = json.readValue(body, WorkerAssignment.class);
                        assignmentsSeen.add(a.jobId() + "#" + a.workerNumber());
                        if (rejectAssignments) {
                            return res.status(500).sendString(Mono.just("{\"error\":\"broken agent\"}")).then();
                        }
                        running.put(a.jobId() + "#" + a.workerNumber(), a);
                        timer.execute(() -> started(a));
                        return res.status(202).send().then();
                    } catch (IOException e) {
                        return res.status(400).send().then();
                    }
                }))
                .delete("/api/v1/workers/{jobId}/{n}", (req, res) -> {
                    String key = req.param("jobId") + "#" + req.param("n");
                    running.remove(key);
                    stopped.add(key);
                    return res.status(202).send();
                })).bindNow();
    }

    public FakeAgent register() {
        var res = master.post("/api/v1/resourceClusters/default/actions/registerTaskExecutor", "{\"id\":\"" + id + "\",\"host\":\"" + host
                + "\",\"machine\":{\"cpuCores\":" + cpu + ",\"memoryMB\":8192},\"ports\":{\"from\":7100,\"to\":7199},"
                + "\"attributes\":{\"zone\":\"" + id + "\"},\"agentUrl\":\"http://127.0.0.1:" + server.port() + "\","
                + "\"metricsUrl\":\"http://127.0.0.1:" + server.port() + "/metrics\"}");
        if (res.status() != 200) {
            throw new IllegalStateException("registration failed: " + res.status() + " " + res.text());
        }
        timer.scheduleAtFixedRate(this::heartbeat, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    private void heartbeat() {
        var workers = new StringBuilder();
        running.values().forEach(a -> workers.append(workers.isEmpty() ? "" : ",").append("{\"jobId\":\"").append(a.jobId())
                .append("\",\"workerNumber\":").append(a.workerNumber()).append(",\"state\":\"Started\"}"));
        try {
            var res = master.post("/api/v1/resourceClusters/default/actions/heartBeatFromTaskExecutor",
                    "{\"id\":\"" + id + "\",\"workers\":[" + workers + "]}");
            if (res.status() == 200 && res.body() != null) {
                res.body().path("stop").forEach(w -> running.remove(w.get("jobId").asText() + "#" + w.get("workerNumber").asInt()));
            }
        } catch (RuntimeException e) {
            // the master may be restarting
        }
    }

    private void started(WorkerAssignment a) {
        String base = "{\"jobId\":\"" + a.jobId() + "\",\"workerNumber\":" + a.workerNumber();
        master.post("/api/v1/resourceClusters/default/actions/notifyTaskExecutorStatusChange", "{\"id\":\"" + id + "\",\"events\":["
                + base + ",\"state\":\"StartInitiated\"}," + base + ",\"state\":\"Started\",\"host\":\"" + host
                + "\",\"ports\":{\"data\":" + a.ports() + "}}]}");
    }

    public String id() {
        return id;
    }

    /** Stops heartbeating and serving, as a killed process would. */
    public void crash() {
        timer.shutdownNow();
        server.disposeNow(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        crash();
    }
}
