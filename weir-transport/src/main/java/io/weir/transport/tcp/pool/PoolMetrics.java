package io.weir.transport.tcp.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code weir_tcp_pool_*} meters of one target, tagged {@code target="host:port"}. Thread-safe.
 * New connections count as {@code weir_tcp_pool_connections_opened_total}: the seed's {@code ..._created_total}
 * cannot be exported, since OpenMetrics reserves the {@code _created} suffix and the Prometheus client strips it.
 */
final class PoolMetrics {

    final Counter created;
    final Counter reused;
    final Counter validationFailures;
    final Timer acquisitionLatency;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger idle = new AtomicInteger();

    PoolMetrics(MeterRegistry registry, String target) {
        created = Counter.builder("weir.tcp.pool.connections.opened").description("TCP connections the pool opened to the target").tag("target", target).register(registry);
        reused = Counter.builder("weir.tcp.pool.connections.reused").description("Requests that reused an idle pooled connection").tag("target", target).register(registry);
        validationFailures = Counter.builder("weir.tcp.pool.validation.failures").description("Pooled connections found dead when taken and closed").tag("target", target)
                .register(registry);
        acquisitionLatency = Timer.builder("weir.tcp.pool.acquisition.latency").description("Time to get a connection from the pool").tag("target", target)
                .register(registry);
        Gauge.builder("weir.tcp.pool.active.connections", active, AtomicInteger::get).description("Pooled connections in use").tag("target", target)
                .register(registry);
        Gauge.builder("weir.tcp.pool.idle.connections", idle, AtomicInteger::get).description("Pooled connections open and idle").tag("target", target)
                .register(registry);
    }
}
