package io.weir.master.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.json.Json;
import io.weir.core.security.ClusterSecret;
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
 * StartInitiated and Started at once on their reserved port (or Failed with {@code PORT_IN_USE}, see
 * {@link #failStartsWithPortInUse()}). Each fake is one agent instance with a random {@code instanceId}; its port range is
 * set with {@link #ports}. {@link #crash()} stops it without a word to the master; {@link #pauseHeartbeats()} keeps it
 * serving but silent, as a partitioned agent.
 */
public final class FakeAgent implements AutoCloseable {

    private volatile TestHttp master;
    private final String id;
    private final String host;
    private final double cpu;
    private final boolean rejectAssignments;
    private final ObjectMapper json = Json.lenient();
    private final DisposableServer server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private volatile int portsFrom = 7100;
    private volatile int portsTo = 7199;
    private volatile boolean portInUse;
    private volatile boolean silent;
    private volatile boolean heartbeating;
    /** Status codes of this agent's calls to the master, by action, in order. */
    public final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
    public final Map<String, WorkerAssignment> running = new ConcurrentHashMap<>();
    public final List<String> stopped = new CopyOnWriteArrayList<>();
    public final Set<String> assignmentsSeen = ConcurrentHashMap.newKeySet();
    private final List<Integer> assignedPorts = new CopyOnWriteArrayList<>();
    private final ClusterSecret secret = ClusterSecret.of(TestSecrets.CLUSTER_SECRET, "test");
    private volatile String session;
    /** Calls to this agent's API refused for lacking the master's key. */
    public final List<String> refusedCalls = new CopyOnWriteArrayList<>();

    public FakeAgent(TestHttp master, String id, String host, double cpu, boolean rejectAssignments) {
        this.master = master;
        this.id = id;
        this.host = host;
        this.cpu = cpu;
        this.rejectAssignments = rejectAssignments;
        this.server = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .post("/api/v1/workers", (req, res) -> req.receive().aggregate().asString().flatMap(body -> {
                    if (!fromMaster(req)) {
                        refusedCalls.add("POST /api/v1/workers");
                        return res.status(401).sendString(Mono.just("{\"error\":\"not the master\"}")).then();
                    }
                    try {
                        var a = json.readValue(body, WorkerAssignment.class);
                        assignmentsSeen.add(a.jobId() + "#" + a.workerNumber());
                        assignedPorts.addAll(a.ports());
                        if (rejectAssignments) {
                            return res.status(500).sendString(Mono.just("{\"error\":\"broken agent\"}")).then();
                        }
                        if (portInUse) {
                            timer.execute(() -> portInUse(a));
                        } else {
                            running.put(a.jobId() + "#" + a.workerNumber(), a);
                            timer.execute(() -> started(a));
                        }
                        return res.status(202).send().then();
                    } catch (IOException e) {
                        return res.status(400).send().then();
                    }
                }))
                .delete("/api/v1/workers/{jobId}/{n}", (req, res) -> {
                    if (!fromMaster(req)) {
                        refusedCalls.add("DELETE " + req.path());
                        return res.status(401).send();
                    }
                    String key = req.param("jobId") + "#" + req.param("n");
                    running.remove(key);
                    stopped.add(key);
                    return res.status(202).send();
                })).bindNow();
    }

    /** Offers {@code from-to} to workers (default 7100-7199); call before {@link #register()}. */
    public FakeAgent ports(int from, int to) {
        this.portsFrom = from;
        this.portsTo = to;
        return this;
    }

    /** Every assignment from now on fails to start with {@code PORT_IN_USE}, as when another process holds the ports. */
    public FakeAgent failStartsWithPortInUse() {
        this.portInUse = true;
        return this;
    }

    /** Starts assigned workers again after {@link #failStartsWithPortInUse()}. */
    public FakeAgent bindNormally() {
        this.portInUse = false;
        return this;
    }

    /** Registers and starts heartbeating every 100 ms; fails unless the master answers 200. */
    public FakeAgent register() {
        var res = tryRegister();
        if (res.status() != 200) {
            throw new IllegalStateException("registration failed: " + res.status() + " " + res.text());
        }
        if (!heartbeating) {
            heartbeating = true;
            timer.scheduleAtFixedRate(this::heartbeat, 0, 100, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One registration attempt with this instance's id, presenting the cluster secret; the master's answer. */
    public TestHttp.Response tryRegister() {
        return tryRegister(TestSecrets.CLUSTER_SECRET);
    }

    /** One registration attempt presenting {@code credential} (null: none); keeps the session a 200 answer carries. */
    public synchronized TestHttp.Response tryRegister(String credential) {
        var res = call("registerTaskExecutor", credential, "{\"id\":\"" + id + "\",\"instanceId\":\"" + instanceId + "\",\"host\":\"" + host
                + "\",\"machine\":{\"cpuCores\":" + cpu + ",\"memoryMB\":8192},\"ports\":{\"from\":" + portsFrom + ",\"to\":" + portsTo + "},"
                + "\"attributes\":{\"zone\":\"" + id + "\"},\"agentUrl\":\"" + url() + "\",\"metricsUrl\":\"" + url() + "/metrics\"}");
        if (res.status() == 200 && res.body() != null && res.body().path("session").isTextual()) {
            session = res.body().get("session").asText();
        }
        return res;
    }

    /** The session credential of this agent's last accepted registration. */
    public String session() {
        return session;
    }

    /** Talks to {@code restarted} from now on, as an agent does when its master comes back on another address. */
    public void useMaster(TestHttp restarted) {
        this.master = restarted;
    }

    /** Stops heartbeating while still serving, as an agent cut off from the master would. */
    public void pauseHeartbeats() {
        silent = true;
    }

    /** Heartbeats again after {@link #pauseHeartbeats()}. */
    public void resumeHeartbeats() {
        silent = false;
    }

    /** One heartbeat with the workers this agent runs; the master's answer. */
    public synchronized TestHttp.Response heartbeatOnce() {
        var workers = new StringBuilder();
        running.values().forEach(a -> workers.append(workers.isEmpty() ? "" : ",").append("{\"jobId\":\"").append(a.jobId())
                .append("\",\"workerNumber\":").append(a.workerNumber()).append(",\"state\":\"Started\"}"));
        return call("heartBeatFromTaskExecutor", "{\"id\":\"" + id + "\",\"instanceId\":\"" + instanceId + "\",\"workers\":[" + workers + "]}");
    }

    /** Reports worker events (a JSON array's elements) as this instance; the master's answer. */
    public TestHttp.Response report(String events) {
        return call("notifyTaskExecutorStatusChange", "{\"id\":\"" + id + "\",\"instanceId\":\"" + instanceId + "\",\"events\":[" + events + "]}");
    }

    /** Leaves cleanly as this instance; the master's answer. */
    public TestHttp.Response disconnect() {
        return call("disconnectTaskExecutor", "{\"id\":\"" + id + "\",\"instanceId\":\"" + instanceId + "\"}");
    }

    /** Reports worker events as this instance, presenting {@code credential} instead of its session; the master's answer. */
    public TestHttp.Response reportAs(String credential, String events) {
        return call("notifyTaskExecutorStatusChange", credential,
                "{\"id\":\"" + id + "\",\"instanceId\":\"" + instanceId + "\",\"events\":[" + events + "]}");
    }

    private TestHttp.Response call(String action, String body) {
        return call(action, session, body);
    }

    private TestHttp.Response call(String action, String credential, String body) {
        var res = master.withToken(credential).post("/api/v1/resourceClusters/default/actions/" + action, body);
        answers.computeIfAbsent(action, k -> new CopyOnWriteArrayList<>()).add(res.status());
        return res;
    }

    private void heartbeat() {
        if (silent) {
            return;
        }
        try {
            var res = heartbeatOnce();
            if (res.status() == 401) {
                tryRegister();
                return;
            }
            if (res.status() == 200 && res.body() != null) {
                res.body().path("stop").forEach(w -> running.remove(w.get("jobId").asText() + "#" + w.get("workerNumber").asInt()));
            }
        } catch (RuntimeException e) {
            // the master may be restarting
        }
    }

    private void started(WorkerAssignment a) {
        String base = "{\"jobId\":\"" + a.jobId() + "\",\"workerNumber\":" + a.workerNumber();
        reportOnceRegistered(base + ",\"state\":\"StartInitiated\"}," + base + ",\"state\":\"Started\",\"host\":\"" + host
                + "\",\"ports\":{\"data\":" + a.ports() + "}}");
    }

    private void portInUse(WorkerAssignment a) {
        String base = "{\"jobId\":\"" + a.jobId() + "\",\"workerNumber\":" + a.workerNumber();
        reportOnceRegistered(base + ",\"state\":\"StartInitiated\"}," + base + ",\"state\":\"Failed\",\"reason\":\"start failed: BindException: "
                + "Address already in use\",\"failure\":\"PORT_IN_USE\"}");
    }

    /**
     * Reports as a real agent does: an assignment can arrive before the answer to the registration (and its session), so
     * a 401 is tried again 20 ms later on the timer.
     */
    private void reportOnceRegistered(String events) {
        if (report(events).status() == 401 && !timer.isShutdown()) {
            timer.schedule(() -> reportOnceRegistered(events), 20, TimeUnit.MILLISECONDS);
        }
    }

    private boolean fromMaster(reactor.netty.http.server.HttpServerRequest req) {
        String header = req.requestHeaders().get("Authorization");
        return header != null && header.startsWith("Bearer ") && secret.matchesAgentKey(header.substring(7));
    }

    /** The base URL the master reaches this agent at. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The ports of every assignment received, in order. */
    public List<Integer> assignmentPorts() {
        return List.copyOf(assignedPorts);
    }

    public String instanceId() {
        return instanceId;
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
