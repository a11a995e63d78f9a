package io.weir.master.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.master.resource.ResourceClusters;
import io.weir.master.resource.TaskExecutorView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /api/v1/prometheus/targets}: the cluster's scrape targets in Prometheus's {@code http_sd} format (see
 * {@link ScrapeTargets}). It reveals the cluster's topology, so it takes a read token like every other read; the
 * master's own target is the address the caller reached it at.
 */
final class ScrapeTargetRoutes {

    static final String PATH = "/api/v1/prometheus/targets";

    private final ControlPlane cp;
    private final ResourceClusters resourceClusters;
    private final JsonExchange http;
    private final String scheme;

    ScrapeTargetRoutes(ControlPlane cp, ResourceClusters resourceClusters, JsonExchange http, String scheme) {
        this.cp = cp;
        this.resourceClusters = resourceClusters;
        this.http = http;
        this.scheme = scheme;
    }

    void register(HttpServerRoutes routes) {
        routes.get(PATH, http.route((req, body) -> cp.onLoop(() -> cp.jobs().activeJobs(null))
                .zipWith(agents())
                .map(t -> Reply.ok(ScrapeTargets.of(masterAddress(req), scheme, t.getT2(), t.getT1())))));
    }

    private Mono<Map<String, List<TaskExecutorView>>> agents() {
        return Flux.fromIterable(resourceClusters.ids()).sort()
                .concatMap(id -> Mono.justOrEmpty(resourceClusters.existing(id))
                        .flatMap(c -> Mono.fromFuture(c.executors()))
                        .map(views -> Map.entry(id, views)))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()));
    }

    /** The {@code Host} the caller used, so the address is one Prometheus reaches (the scheme's port when it names none). */
    private String masterAddress(HttpServerRequest req) {
        String host = req.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
            host = req.hostAddress().getHostString() + ":" + req.hostAddress().getPort();
        }
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return hasPort ? host : host + ":" + (scheme.equals("https") ? 443 : 80);
    }
}
