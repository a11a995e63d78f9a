package io.weir.runtime.connect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code weir_stage_*} meters of one connection set, tagged {@code name}: active connections, attempts,
 * failed attempts, reconnects. Updated on the owner thread; read from any.
 */
final class ConnectionMetrics {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter attempts;
    private final Counter failures;
    private final Counter reconnects;

    ConnectionMetrics(String name, MeterRegistry registry) {
        Gauge.builder("weir.stage.connections.active", active, AtomicInteger::get).tag("name", name)
                .description("Open stage-to-stage connections").register(registry);
        attempts = Counter.builder("weir.stage.connection.attempts").tag("name", name)
                .description("Connection attempts started").register(registry);
        failures = Counter.builder("weir.stage.connection.failures").tag("name", name)
                .description("Connection attempts that failed").register(registry);
        reconnects = Counter.builder("weir.stage.reconnects").tag("name", name)
                .description("Attempts on a slot whose connection failed or was lost before").register(registry);
    }

    void attempt(boolean reconnect) {
        attempts.increment();
        if (reconnect) {
            reconnects.increment();
        }
    }

    void failure() {
        failures.increment();
    }

    void opened() {
        active.incrementAndGet();
    }

    void closed() {
        active.decrementAndGet();
    }
}
