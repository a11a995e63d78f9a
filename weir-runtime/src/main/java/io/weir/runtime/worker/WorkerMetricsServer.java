package io.weir.runtime.worker;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.transport.tls.TlsConfig;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Serves one worker's meters as Prometheus text on {@code GET /metrics}, on a port of its own that the worker
 * reports as its {@code metricsPort} (so it shows in discovery, as Mantis's workers do).
 */
final class WorkerMetricsServer implements AutoCloseable {

    private final DisposableServer server;

    WorkerMetricsServer(PrometheusMeterRegistry registry) {
        this.server = TlsConfig.fromProcess().applyTo(HttpServer.create()).host("0.0.0.0").port(0)
                .route(r -> r.get("/metrics", (req, res) -> res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .sendString(Mono.fromCallable(registry::scrape))))
                .bindNow(Duration.ofSeconds(10));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
    }
}
