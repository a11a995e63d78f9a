package io.weir.master.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weir.core.json.Json;
import io.weir.transport.http.ConnectionGate;
import io.weir.transport.http.HttpServerLimits;
import io.weir.transport.tls.TlsConfig;
import java.time.Duration;
import java.util.Map;
import io.weir.master.security.AgentSessions;
import io.weir.master.security.Authenticator;
import io.weir.master.security.Credentials;
import io.weir.master.security.SecurityFilter;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The master's HTTP server: REST API, discovery streams, the service registry, the web console, metrics and health, on one port. */
public final class MasterHttpServer implements AutoCloseable {

    private final DisposableServer server;

    private MasterHttpServer(DisposableServer server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} (0 picks a free port) and serves until closed, within {@code limits}; every route is behind
     * the {@link SecurityFilter} for {@code credentials}; uploaded job jars go to {@code artifacts}.
     */
    public static MasterHttpServer start(String host, int port, ControlPlane cp, io.weir.master.resource.ResourceClusters resourceClusters,
                                         io.weir.master.resource.AgentClient agents, PrometheusMeterRegistry metrics, int maxBodyBytes,
                                         HttpServerLimits limits, Credentials credentials, TlsConfig tls,
                                         io.weir.master.artifact.ArtifactStore artifacts) {
        var http = new JsonExchange(Json.strict(), Json.lenient(), maxBodyBytes);
        var sessions = new AgentSessions();
        var authenticator = new Authenticator(credentials, sessions);
        var clusters = new ClusterRoutes(cp, http);
        var jobs = new JobRoutes(cp, http);
        var discovery = new DiscoveryRoutes(cp, http);
        var director = new DirectorRoutes(cp, http);
        var workers = new WorkerRoutes(cp, http, authenticator);
        var resources = new ResourceClusterRoutes(cp, resourceClusters, http, authenticator, sessions);
        var workerLogs = new WorkerLogRoutes(resourceClusters, agents, http, Json.lenient());
        var services = new ServiceRoutes(cp, http);
        var artifactRoutes = new ArtifactRoutes(artifacts, http);
        var workerMetrics = new WorkerMetricsRoutes(cp, http, new WorkerMeters(tls));
        var session = new SessionRoutes(authenticator, http);
        var console = new ConsoleRoutes(http);
        var gate = new ConnectionGate("master", limits.maxConnections(), "WEIR_MASTER_HTTP_MAX_CONNECTIONS", metrics);
        var routes = HttpServerRoutes.newRoutes();
        clusters.register(routes);
        jobs.register(routes);
        discovery.register(routes);
        director.register(routes);
        workers.register(routes);
        resources.register(routes);
        workerLogs.register(routes);
        services.register(routes);
        new ScrapeTargetRoutes(cp, resourceClusters, http, tls.scheme()).register(routes);
        artifactRoutes.register(routes);
        workerMetrics.register(routes);
        session.register(routes);
        console.register(routes);
        routes.get("/metrics", http.bodiless((req, res) -> res
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .sendString(Mono.fromCallable(metrics::scrape))));
        routes.get("/healthz", http.route((req, body) -> Mono.just(Reply.ok(Map.of("status", "ok")))));
        routes.get("/readyz", http.route((req, body) -> Mono.just(cp.ready().get()
                ? Reply.ok(Map.of("status", "ready"))
                : Reply.error(503, "recovering"))));
        routes.route(req -> true, http.route((req, body) -> Mono.just(Reply.error(
                HttpResponseStatus.NOT_FOUND.code(), "no such endpoint: " + req.method() + " " + req.path()
                        + " (the API is under /api/v1; see docs/api.md)"))));
        var filter = new SecurityFilter(authenticator, metrics);
        var server = limits.applyTo(tls.applyTo(HttpServer.create()).host(host).port(port), gate)
                .handle(filter.guard(routes, (res, refusal) -> http.send(res.keepAlive(false),
                        Reply.error(refusal.status(), refusal.message()))));
        return new MasterHttpServer(server.bindNow(Duration.ofSeconds(10)));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
