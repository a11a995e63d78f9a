package io.weir.runtime.worker;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.transport.metrics.ProcessMeters;
import io.weir.transport.tls.TlsConfig;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Serves one worker's meters as Prometheus text on {@code GET /metrics}, on a port of its own that the worker
 * reports as its {@code metricsPort} (so it shows in discovery, as Mantis's workers do), with the process's JVM meters
 * bound to the registry while it serves.
 */
final class WorkerMetricsServer implements AutoCloseable {

    private final DisposableServer server;
    private final ProcessMeters processMeters;

    WorkerMetricsServer(PrometheusMeterRegistry registry) {
        this(registry, "0.0.0.0");
    }

    /** Binds a free port on {@code host}. */
    WorkerMetricsServer(PrometheusMeterRegistry registry, String host) {
        this.server = TlsConfig.fromProcess().applyTo(HttpServer.create()).host(host).port(0)
                .route(r -> r.get("/metrics", (req, res) -> res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .sendString(Mono.fromCallable(registry::scrape))))
                .bindNow(Duration.ofSeconds(10));
        this.processMeters = ProcessMeters.bindTo(registry);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            server.disposeNow(Duration.ofSeconds(2));
        } finally {
            processMeters.close();
        }
    }
}
