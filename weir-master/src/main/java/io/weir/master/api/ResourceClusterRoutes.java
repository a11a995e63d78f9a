package io.weir.master.api;

import io.weir.core.executor.HeartbeatResponse;
import io.weir.core.executor.TaskExecutorDisconnect;
import io.weir.core.executor.TaskExecutorHeartbeat;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.TaskExecutorStatusChange;
import io.weir.core.executor.WorkerRef;
import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.master.resource.ResourceClusters;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import io.weir.master.security.AgentSessions;
import io.weir.master.security.Authenticator;
import io.weir.master.security.Principal;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

/** {@code /api/v1/resourceClusters/{id}}: the agent-facing actions and the views of executors and reservations. */
final class ResourceClusterRoutes {

    private static final String ACTIONS = "/api/v1/resourceClusters/{id}/actions/";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ResourceClusterRoutes.class);

    private final ControlPlane cp;
    private final ResourceClusters clusters;
    private final JsonExchange http;
    private final WorkerEventChecks checks = new WorkerEventChecks(io.weir.core.json.Json.lenient());

    private final Authenticator authenticator;
    private final AgentSessions sessions;

    ResourceClusterRoutes(ControlPlane cp, ResourceClusters clusters, JsonExchange http, Authenticator authenticator,
                          AgentSessions sessions) {
        this.cp = cp;
        this.clusters = clusters;
        this.http = http;
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    void register(HttpServerRoutes routes) {
        routes.post(ACTIONS + "registerTaskExecutor", http.route((req, body) -> {
            String cluster = clusterId(req.param("id"));
            var r = validate(http.parse(body, TaskExecutorRegistration.class));
            return ready().then(Mono.fromFuture(() -> clusters.cluster(cluster).register(r)))
                    .then(Mono.fromRunnable(() -> clusters.registered(cluster, r.id())))
                    .then(Mono.fromCallable(() -> Reply.ok(registered(cluster, r))));
        }));
        routes.post(ACTIONS + "heartBeatFromTaskExecutor", http.route((req, body) -> {
            String cluster = clusterId(req.param("id"));
            var hb = http.parse(body, TaskExecutorHeartbeat.class);
            requireId(hb.id());
            requireCaller(req, hb.id(), hb.instanceId());
            var refs = hb.workers().stream().map(w -> new WorkerRef(w.jobId(), w.workerNumber())).toList();
            var target = clusters.existing(cluster);
            if (target.isEmpty()) {
                return ready().thenReturn(Reply.ok(new HeartbeatResponse(false, List.of())));
            }
            var beat = ready().then(Mono.fromFuture(() -> target.get().heartbeat(hb.id(), hb.instanceId(), refs)));
            return beat.flatMap(known -> {
                if (!known) {
                    return Mono.just(Reply.ok(new HeartbeatResponse(false, List.of())));
                }
                var beats = hb.workers().stream().map(w -> WorkerEvent.heartbeat(w.jobId(), w.workerNumber(), w.load())).toList();
                checks.check(beats);
                return cp.onLoop(() -> cp.jobs().onWorkerEvents(beats, hb.id())).map(results -> {
                    cp.director().reportAccepted(beats, results);
                    return Reply.ok(new HeartbeatResponse(true, results.stream().filter(r -> r.outcome() == WorkerEventResult.Outcome.unknown)
                            .map(r -> new WorkerRef(r.jobId(), r.workerNumber())).toList()));
                });
            });
        }));
        routes.post(ACTIONS + "notifyTaskExecutorStatusChange", http.route((req, body) -> {
            String cluster = clusterId(req.param("id"));
            var change = http.parse(body, TaskExecutorStatusChange.class);
            requireId(change.id());
            requireCaller(req, change.id(), change.instanceId());
            checks.check(change.events());
            // the resource cluster first: it refuses a superseded instance, and frees (or quarantines) ports before the
            // jobs place replacements
            var resources = existing(cluster).flatMap(c -> Mono.fromFuture(() -> c.workerEvents(change.id(), change.instanceId(), change.events())));
            return ready().then(resources)
                    .then(cp.onLoop(() -> cp.jobs().onWorkerEvents(change.events(), change.id())))
                    .map(results -> {
                        cp.director().reportAccepted(change.events(), results);
                        return Reply.ok(Map.of("results", results));
                    });
        }));
        routes.post(ACTIONS + "disconnectTaskExecutor", http.route((req, body) -> {
            String cluster = clusterId(req.param("id"));
            var d = http.parse(body, TaskExecutorDisconnect.class);
            requireId(d.id());
            requireCaller(req, d.id(), d.instanceId());
            var known = clusters.existing(cluster);
            if (known.isEmpty()) {
                return ready().thenReturn(Reply.ok(Map.of("disconnected", false)));
            }
            return ready().then(Mono.fromFuture(() -> known.get().disconnect(d.id(), d.instanceId())))
                    .doOnNext(found -> {
                        if (found) {
                            sessions.close(cluster, d.id());
                        }
                    })
                    .map(found -> Reply.ok(Map.of("disconnected", found)));
        }));
        routes.get("/api/v1/resourceClusters", http.route((req, body) -> Mono.just(Reply.ok(Map.of("list", clusters.ids())))));
        routes.get("/api/v1/resourceClusters/{id}/taskExecutors", http.route((req, body) -> existing(req.param("id"))
                .flatMap(c -> Mono.fromFuture(c.executors())).map(list -> Reply.ok(Map.of("list", list)))));
        routes.delete("/api/v1/resourceClusters/{id}/taskExecutors/{executorId}", http.route((req, body) -> existing(req.param("id"))
                .flatMap(c -> Mono.fromFuture(c.forget(req.param("executorId"))))
                .flatMap(found -> found ? Mono.just(Reply.ok(Map.of("forgotten", true)))
                        : Mono.error(new io.weir.master.job.NotFoundException("agent " + req.param("executorId") + " is not known to "
                                + req.param("id"))))));
        routes.get("/api/v1/resourceClusters/{id}/reservations", http.route((req, body) -> existing(req.param("id"))
                .flatMap(c -> Mono.fromFuture(c.reservations())).map(Reply::ok)));
    }

    /** The registration's answer; with authentication on, it carries the agent's new session credential. */
    private Map<String, Object> registered(String cluster, TaskExecutorRegistration r) {
        if (!authenticator.enabled()) {
            return Map.of("registered", true);
        }
        return Map.of("registered", true, "session", sessions.open(cluster, r.id(), r.instanceId()));
    }

    /** Refuses (403) a call whose session belongs to another agent or instance than the body names. */
    private void requireCaller(HttpServerRequest req, String id, String instanceId) {
        if (authenticator.identify(req) instanceof Principal.Agent agent
                && (!agent.id().equals(id) || !java.util.Objects.equals(agent.instanceId(), instanceId))) {
            log.warn("Refused a call from {} with the session of agent {} (instance {}) naming agent {} (instance {})",
                    req.remoteAddress(), agent.id(), agent.instanceId(), id, instanceId);
            throw new HttpStatusException(403, "this session credential belongs to agent " + agent.id() + " (instance "
                    + agent.instanceId() + "), not to " + id + " (instance " + instanceId + "): an agent reports only for itself");
        }
    }

    private Mono<Void> ready() {
        return cp.ready().get() ? Mono.empty() : Mono.error(ControlPlane.notReady());
    }

    private Mono<io.weir.master.resource.ResourceCluster> existing(String id) {
        return clusters.existing(id).map(Mono::just).orElseGet(() -> Mono.error(new io.weir.master.job.NotFoundException(
                "resource cluster '" + id + "' has no task executors yet (start one with: weir agent --cluster " + id + ")")));
    }

    private static String clusterId(String id) {
        if (id == null || !DefinitionValidator.NAME.matcher(id).matches()) {
            throw new InvalidDefinitionException("resource cluster id: '" + id + "' (expected: letters, digits, '_', '.', '-',"
                    + " starting with a letter or digit, at most 100)");
        }
        return id;
    }

    private static void requireInstanceId(String instanceId) {
        if (instanceId != null && (instanceId.isBlank() || instanceId.length() > 255)) {
            throw new InvalidDefinitionException("instanceId: '" + instanceId
                    + "' (expected: the random id the agent picked when its process started, 1..255 characters)");
        }
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank() || id.length() > 255) {
            throw new InvalidDefinitionException("id: '" + id + "' (expected: the task executor's id, 1..255 characters)");
        }
    }

    private static TaskExecutorRegistration validate(TaskExecutorRegistration r) {
        requireId(r.id());
        requireInstanceId(r.instanceId());
        if (r.host() == null || r.host().isBlank()) {
            throw new InvalidDefinitionException("host: missing (expected: the agent's host name or address)");
        }
        if (r.machine() == null) {
            throw new InvalidDefinitionException("machine: missing (expected: {\"cpuCores\":4,\"memoryMB\":8192})");
        }
        DefinitionValidator.validateMachine("machine", r.machine());
        if (r.ports() == null) {
            throw new InvalidDefinitionException("ports: missing (expected: {\"from\":7100,\"to\":7199})");
        }
        if (r.agentUrl() == null || !(r.agentUrl().startsWith("http://") || r.agentUrl().startsWith("https://"))) {
            throw new InvalidDefinitionException("agentUrl: '" + r.agentUrl() + "' (expected: the agent's HTTP base URL, e.g. http://10.0.0.5:7001)");
        }
        return r;
    }
}
