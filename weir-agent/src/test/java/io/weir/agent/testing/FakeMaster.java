package io.weir.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.executor.HeartbeatResponse;
import io.weir.core.executor.TaskExecutorDisconnect;
import io.weir.core.executor.TaskExecutorHeartbeat;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.TaskExecutorStatusChange;
import io.weir.core.executor.WorkerRef;
import io.weir.core.json.Json;
import io.weir.core.security.ClusterSecret;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.core.model.WorkerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A master that speaks the agent-facing contract and records every call in order, with knobs to misbehave. Parses
 * bodies strictly (unknown fields fail), as the real master does. A real reactor-netty server on loopback.
 */
public final class FakeMaster implements AutoCloseable {

    /** One call the agent made: its action, cluster, parsed body and the status it was answered with. */
    public record Call(String action, String cluster, Object body, int status) {
    }

    private final ObjectMapper json = Json.strict();
    private final DisposableServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Path> artifacts = new ConcurrentHashMap<>();

    private final Map<String, Path> stored = new ConcurrentHashMap<>();

    /** Status of answers to registrations (200 registers). */
    public volatile int registerStatus = 200;
    /** Status of answers to heartbeats; 200 answers with {@link #knowsAgent} and {@link #stopOnHeartbeat}. */
    public volatile int heartbeatStatus = 200;
    public volatile boolean knowsAgent = true;
    /** The {@code error} sentence of answers that are not 200. */
    public volatile String error = "not now";
    public final Set<WorkerRef> stopOnHeartbeat = ConcurrentHashMap.newKeySet();
    /** Status of answers to status changes; 200 answers with results. */
    public volatile int reportStatus = 200;
    /** Workers whose status events are answered {@code unknown}. */
    public final Set<WorkerRef> unknownWorkers = ConcurrentHashMap.newKeySet();

    /** The cluster secret agents of these tests run with. */
    public static final ClusterSecret SECRET = ClusterSecret.of("fake-master-cluster-secret-0123", "test");
    /** What this fake hands out as session credential. */
    public static final String SESSION = "was1.fake-session";

    public FakeMaster() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r
                        .post("/api/v1/resourceClusters/{cluster}/actions/{action}", (req, res) -> req.receive().aggregate()
                                .asByteArray().defaultIfEmpty(new byte[0])
                                .flatMap(body -> authorized(req, req.param("action"))
                                        ? answer(req.param("cluster"), req.param("action"), body, res)
                                        : refuse(req.param("cluster"), req.param("action"), res)))
                        .get("/api/v1/artifacts/{sha256}", (req, res) -> {
                            if (!authorized(req, "fetchArtifact")) {
                                return refuse("-", "fetchArtifact", res);
                            }
                            Path p = stored.get(req.param("sha256"));
                            return p == null ? send(res, 404, Map.of("error", "no artifact with SHA-256 " + req.param("sha256"))) : res.sendFile(p);
                        })
                        .get("/artifacts/{name}", (req, res) -> {
                            Path p = artifacts.get(req.param("name"));
                            return p == null ? res.status(404).send() : res.sendFile(p);
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Registrations need the cluster secret, other calls the session credential, as the real master's. */
    private static boolean authorized(reactor.netty.http.server.HttpServerRequest req, String action) {
        String header = req.requestHeaders().get("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        return action.equals("registerTaskExecutor") ? SECRET.matches(token) : SESSION.equals(token);
    }

    private Mono<Void> refuse(String cluster, String action, HttpServerResponse res) {
        calls.add(new Call("unauthorized:" + action, cluster, null, 401));
        return send(res, 401, Map.of("error", "missing or wrong credential"));
    }

    private Mono<Void> answer(String cluster, String action, byte[] body, HttpServerResponse res) {
        try {
            switch (action) {
                case "registerTaskExecutor" -> {
                    calls.add(new Call(action, cluster, json.readValue(body, TaskExecutorRegistration.class), registerStatus));
                    return registerStatus == 200 ? send(res, 200, Map.of("registered", true, "session", SESSION)) : send(res, registerStatus, Map.of("error", error));
                }
                case "heartBeatFromTaskExecutor" -> {
                    int status = heartbeatStatus;
                    calls.add(new Call(action, cluster, json.readValue(body, TaskExecutorHeartbeat.class), status));
                    if (status != 200) {
                        return send(res, status, Map.of("error", error));
                    }
                    return send(res, 200, new HeartbeatResponse(knowsAgent, List.copyOf(stopOnHeartbeat)));
                }
                case "notifyTaskExecutorStatusChange" -> {
                    var change = json.readValue(body, TaskExecutorStatusChange.class);
                    int status = reportStatus;
                    calls.add(new Call(action, cluster, change, status));
                    if (status != 200) {
                        return send(res, status, Map.of("error", error));
                    }
                    var results = change.events().stream().map(e -> new WorkerEventResult(e.jobId(), e.workerNumber(),
                            unknownWorkers.contains(new WorkerRef(e.jobId(), e.workerNumber()))
                                    ? WorkerEventResult.Outcome.unknown : WorkerEventResult.Outcome.ok, null)).toList();
                    return send(res, 200, Map.of("results", results));
                }
                case "disconnectTaskExecutor" -> {
                    calls.add(new Call(action, cluster, json.readValue(body, TaskExecutorDisconnect.class), 200));
                    return send(res, 200, Map.of("disconnected", true));
                }
                default -> {
                    return send(res, 404, Map.of("error", "no such action " + action));
                }
            }
        } catch (java.io.IOException e) {
            calls.add(new Call("invalid:" + action, cluster, e.getMessage(), 400));
            return send(res, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private Mono<Void> send(HttpServerResponse res, int status, Object body) {
        try {
            return res.status(status).header("Content-Type", "application/json")
                    .sendString(Mono.just(json.writeValueAsString(body)), StandardCharsets.UTF_8).then();
        } catch (java.io.IOException e) {
            return Mono.error(e);
        }
    }

    /** Serves {@code jar} to agents (their session credential) as {@code master:<sha256>}, as the real master stores uploads. */
    public void store(String sha256, Path jar) {
        stored.put(sha256, jar);
    }

    /** Serves {@code jar} at {@code <url>/artifacts/<name>} and returns that URL. */
    public String serve(String name, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar.toString());
        }
        artifacts.put(name, jar);
        return url() + "/artifacts/" + name;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<TaskExecutorRegistration> registrations() {
        return bodies("registerTaskExecutor", TaskExecutorRegistration.class);
    }

    public List<TaskExecutorHeartbeat> heartbeats() {
        return bodies("heartBeatFromTaskExecutor", TaskExecutorHeartbeat.class);
    }

    public List<TaskExecutorStatusChange> statusChanges() {
        return bodies("notifyTaskExecutorStatusChange", TaskExecutorStatusChange.class);
    }

    public List<TaskExecutorDisconnect> disconnects() {
        return bodies("disconnectTaskExecutor", TaskExecutorDisconnect.class);
    }

    /** Every worker event reported, in order. */
    public List<WorkerEvent> events() {
        return bodies("notifyTaskExecutorStatusChange", TaskExecutorStatusChange.class).stream()
                .flatMap(c -> c.events().stream()).toList();
    }

    /** The states reported for one worker, in order. */
    public List<WorkerState> states(String jobId, int workerNumber) {
        return events(jobId, workerNumber).stream().map(WorkerEvent::state).toList();
    }

    public List<WorkerEvent> events(String jobId, int workerNumber) {
        return events().stream().filter(e -> e.jobId().equals(jobId) && e.workerNumber() == workerNumber).toList();
    }

    public List<String> actions() {
        return calls.stream().map(Call::action).toList();
    }

    private <T> List<T> bodies(String action, Class<T> type) {
        return calls.stream().filter(c -> c.action().equals(action)).map(c -> type.cast(c.body())).toList();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
