package io.weir.master.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceType;
import io.weir.master.registry.RegistryViews;
import io.weir.master.registry.ServiceRegistry;
import io.weir.master.registry.WatchHub;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The service registry (docs/registry.md): {@code /api/v1/serviceInstances} to register, heartbeat, deregister and
 * query, {@code /api/v1/services}, {@code /api/v1/pipeline/topology} and {@code /health}, and their watches as SSE.
 */
final class ServiceRoutes {

    /** Registrations and heartbeats are small; a larger body is refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String LEASE_HEADER = "X-Weir-Lease";
    private static final String ROOT = "/api/v1/serviceInstances";
    private static final Set<String> QUERY_PARAMETERS = Set.of("type", "name", "produces", "consumes");

    private final ControlPlane cp;
    private final JsonExchange http;

    ServiceRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http.limitedTo(MAX_BODY_BYTES, "a registration or heartbeat is a few KB; send fewer endpoints, metadata or figures");
    }

    void register(HttpServerRoutes routes) {
        routes.post(ROOT, http.route((req, body) -> {
            ready();
            var registration = http.parse(body, Registration.class);
            return Mono.just(new Reply(201, registry().register(registration, req.requestHeaders().get(LEASE_HEADER))));
        }));
        routes.put(ROOT + "/{instanceId}/heartbeat", http.route((req, body) -> {
            ready();
            var beat = http.parseOptional(body, Heartbeat.class, new Heartbeat(null, null));
            return Mono.just(Reply.ok(registry().heartbeat(param(req, "instanceId"), req.requestHeaders().get(LEASE_HEADER), beat)));
        }));
        routes.delete(ROOT + "/{instanceId}", http.route((req, body) -> {
            ready();
            registry().deregister(param(req, "instanceId"), req.requestHeaders().get(LEASE_HEADER));
            return Mono.just(new Reply(204, null));
        }));
        routes.get(ROOT, http.route((req, body) -> {
            ready();
            var query = query(req);
            return Mono.just(Reply.ok(RegistryViews.query(registry().snapshot(), query)));
        }));
        routes.get(ROOT + "/{instanceId}", http.route((req, body) -> {
            ready();
            String id = param(req, "instanceId");
            return Mono.just(Reply.ok(registry().instance(id).orElseThrow(() -> new HttpStatusException(404, "instance " + id
                    + " is not registered (GET " + ROOT + " lists the live instances)"))));
        }));
        routes.get(ROOT + "Stream", stream(req -> watches().instances(query(req))));
        routes.get("/api/v1/services", http.route((req, body) -> {
            ready();
            return Mono.just(Reply.ok(views().services()));
        }));
        routes.get("/api/v1/services/{name}", http.route((req, body) -> {
            ready();
            String name = param(req, "name");
            return Mono.just(Reply.ok(views().service(name).orElseThrow(() -> new HttpStatusException(404, "service " + name
                    + " has no instances (GET /api/v1/services lists the services)"))));
        }));
        routes.get("/api/v1/pipeline/topology", http.route((req, body) -> {
            ready();
            return Mono.just(Reply.ok(views().topology()));
        }));
        routes.get("/api/v1/pipeline/health", http.route((req, body) -> {
            ready();
            return Mono.just(Reply.ok(views().health()));
        }));
        routes.get("/api/v1/pipeline/topologyStream", stream(req -> watches().topology()));
        routes.get("/api/v1/pipeline/healthStream", stream(req -> watches().health()));
    }

    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> stream(Function<HttpServerRequest, Flux<byte[]>> source) {
        return http.bodiless((req, res) -> {
            Flux<byte[]> frames;
            try {
                ready();
                frames = source.apply(req);
            } catch (RuntimeException e) {
                return http.send(res, ErrorMapper.toReply(e));
            }
            return SseResponses.send(res, frames);
        });
    }

    /** The {@link ServiceQuery} of the request's parameters; 400 naming an unknown parameter or a bad value. */
    static ServiceQuery query(HttpServerRequest req) {
        Map<String, List<String>> params = new QueryStringDecoder(req.uri()).parameters();
        for (var e : params.entrySet()) {
            if (!QUERY_PARAMETERS.contains(e.getKey())) {
                throw new HttpStatusException(400, "unknown parameter '" + e.getKey() + "' (expected: type, name, produces, consumes)");
            }
            if (e.getValue().size() != 1 || e.getValue().getFirst().isBlank()) {
                throw new HttpStatusException(400, e.getKey() + ": give it once, with a value (or leave it out to match all)");
            }
        }
        String type = value(params, "type");
        ServiceType serviceType = null;
        if (type != null) {
            try {
                serviceType = ServiceType.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw new HttpStatusException(400, "type: '" + type + "' (expected: SOURCE, PROCESSOR or SINK)");
            }
        }
        return new ServiceQuery(serviceType, value(params, "name"), value(params, "produces"), value(params, "consumes"));
    }

    private static String value(Map<String, List<String>> params, String key) {
        var v = params.get(key);
        return v == null ? null : v.getFirst();
    }

    private void ready() {
        if (!cp.ready().get()) {
            throw ControlPlane.notReady();
        }
    }

    private ServiceRegistry registry() {
        return cp.services().registry();
    }

    private WatchHub watches() {
        return cp.services().watches();
    }

    private RegistryViews views() {
        return new RegistryViews(registry().snapshot());
    }

    /** A path parameter, percent-decoded ({@code job%3Awc-1%3A0} is {@code job:wc-1:0}). */
    private static String param(HttpServerRequest req, String name) {
        String raw = req.param(name);
        return raw == null ? null : QueryStringDecoder.decodeComponent(raw);
    }
}
