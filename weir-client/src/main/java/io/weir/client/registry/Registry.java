package io.weir.client.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.internal.MasterHttp;
import io.weir.client.internal.MasterStream;
import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.Lease;
import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceView;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The master's service registry ({@code docs/registry.md}): queries of instances and services, the pipeline's topology
 * and health, their watches as {@code Flux}es that reconnect by themselves, and the raw registration calls that
 * {@link ServiceRegistration} drives. Blocking methods have {@code Async} twins. Thread-safe.
 */
public final class Registry {

    static final String INSTANCES = "/api/v1/serviceInstances";
    static final String LEASE_HEADER = "X-Weir-Lease";

    private final MasterHttp http;
    private final MasterStream stream;

    public Registry(MasterHttp http) {
        this.http = Objects.requireNonNull(http, "http");
        this.stream = new MasterStream(http);
    }

    /** The connection to the master this registry uses. */
    public MasterHttp http() {
        return http;
    }

    /** The instances {@code query} selects, with the registry's revision. */
    public ServiceSet instances(ServiceQuery query) {
        return instancesAsync(query).block();
    }

    public Mono<ServiceSet> instancesAsync(ServiceQuery query) {
        return get(INSTANCES + Objects.requireNonNull(query, "query").toQueryString(), ServiceSet.class);
    }

    /** One instance; 404 if the master does not know it. */
    public ServiceInstance instance(String instanceId) {
        return instanceAsync(instanceId).block();
    }

    public Mono<ServiceInstance> instanceAsync(String instanceId) {
        return get(INSTANCES + "/" + segment(instanceId), ServiceInstance.class);
    }

    /** Every service with its event types, instances and health. */
    public ServiceView.All services() {
        return servicesAsync().block();
    }

    public Mono<ServiceView.All> servicesAsync() {
        return get("/api/v1/services", ServiceView.All.class);
    }

    /** One service with its instances, health, upstreams and downstreams; 404 if there is none of that name. */
    public ServiceView service(String name) {
        return serviceAsync(name).block();
    }

    public Mono<ServiceView> serviceAsync(String name) {
        return get("/api/v1/services/" + segment(name), ServiceView.class);
    }

    /** The services as a graph joined by event types. */
    public PipelineTopology topology() {
        return topologyAsync().block();
    }

    public Mono<PipelineTopology> topologyAsync() {
        return get("/api/v1/pipeline/topology", PipelineTopology.class);
    }

    /** The pipeline's health: overall, per service and per instance, with reasons. */
    public PipelineHealth health() {
        return healthAsync().block();
    }

    public Mono<PipelineHealth> healthAsync() {
        return get("/api/v1/pipeline/health", PipelineHealth.class);
    }

    /** The instances {@code query} selects: the current set, then the whole set again on every change (no heartbeats). */
    public Flux<ServiceSet> watchInstances(ServiceQuery query) {
        return watchInstances(query, stream, MasterStream.Observer.NONE).filter(s -> !s.isHeartbeat());
    }

    /** The topology now, then on every change. */
    public Flux<PipelineTopology> watchTopology() {
        return watch("/api/v1/pipeline/topologyStream", PipelineTopology.class);
    }

    /** The health now, then on every change of a status or reason. */
    public Flux<PipelineHealth> watchHealth() {
        return watch("/api/v1/pipeline/healthStream", PipelineHealth.class);
    }

    /**
     * Registers an instance with {@code leaseToken} (the lease's when re-registering a live id; for a new id, one of the
     * caller's own, which the master adopts, so a retried registration is the same one; or null); answers its lease.
     */
    public Mono<Lease> registerAsync(Registration registration, String leaseToken) {
        return http.exchange(HttpMethod.POST, http.url(INSTANCES, Map.of()), registration, lease(leaseToken))
                .map(res -> http.read(res, Lease.class));
    }

    /** Renews a lease, replacing the instance's health and figures; 404 when the master does not know the instance. */
    public Mono<Lease> heartbeatAsync(String instanceId, String leaseToken, Heartbeat heartbeat) {
        return http.exchange(HttpMethod.PUT, http.url(INSTANCES + "/" + segment(instanceId) + "/heartbeat", Map.of()),
                heartbeat, lease(leaseToken)).map(res -> http.read(res, Lease.class));
    }

    /** Removes an instance; answers whether the master knew it (false on 404). */
    public Mono<Boolean> deregisterAsync(String instanceId, String leaseToken) {
        return http.exchange(HttpMethod.DELETE, http.url(INSTANCES + "/" + segment(instanceId), Map.of()), null, lease(leaseToken))
                .map(res -> {
                    if (res.status() == 404) {
                        return false;
                    }
                    if (res.status() < 200 || res.status() >= 300) {
                        throw http.failure(res.status(), res.body());
                    }
                    return true;
                });
    }

    /** The raw instance watch, heartbeat frames included, over {@code via}, telling {@code observer} of (re)connects. */
    Flux<ServiceSet> watchInstances(ServiceQuery query, MasterStream via, MasterStream.Observer observer) {
        var params = new HashMap<String, String>();
        params.put("type", query.type() == null ? null : query.type().name());
        params.put("name", query.name());
        params.put("produces", query.produces());
        params.put("consumes", query.consumes());
        return via.follow(INSTANCES + "Stream", params, observer).map(data -> parse(data, ServiceSet.class));
    }

    private <T> Flux<T> watch(String path, Class<T> type) {
        return stream.follow(path, Map.of(), MasterStream.Observer.NONE)
                .filter(data -> !isHeartbeat(data))
                .map(data -> parse(data, type));
    }

    private boolean isHeartbeat(String data) {
        try {
            return http.json().readTree(data).path("heartbeat").asBoolean(false);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private <T> Mono<T> get(String path, Class<T> type) {
        return http.call(HttpMethod.GET, http.config().masterUrl() + path, null, type);
    }

    /** An id or name as a path segment: percent-encoded, except ':' (legal in a path, and in job instance ids). */
    static String segment(String value) {
        return MasterHttp.segment(value).replace("%3A", ":");
    }

    private static Map<String, String> lease(String token) {
        return token == null ? Map.of() : Map.of(LEASE_HEADER, token);
    }

    private <T> T parse(String data, Class<T> type) {
        try {
            return http.json().readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable registry event (" + e.getOriginalMessage() + "): "
                    + data.substring(0, Math.min(200, data.length())), e);
        }
    }
}
