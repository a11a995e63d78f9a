package io.weir.client.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One session's meters, all tagged {@code session} and {@code mode}: connections opened, failures by reason,
 * failovers, records received, detection latency (silence before a failure was declared), time from a detection to
 * the next established connection, open connections and (ONE mode) the serving worker's number, -1 for none.
 * {@link #close()} removes them from the registry. Thread-safe.
 */
final class SessionMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter opened;
    private final Counter failovers;
    private final Counter records;
    private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);
    private final Timer detection;
    private final Timer recovery;
    private volatile int openConnections;
    private volatile int servingWorker = -1;

    SessionMetrics(MeterRegistry registry, String sessionId, SessionMode mode) {
        this.registry = registry;
        Tags tags = Tags.of("session", sessionId, "mode", mode.name());
        opened = keep(Counter.builder("weir.client.session.connections.opened").tags(tags)
                .description("Physical connections the session opened to sink workers").register(registry));
        failovers = keep(Counter.builder("weir.client.session.failovers").tags(tags)
                .description("Moves to another sink worker (ONE mode)").register(registry));
        records = keep(Counter.builder("weir.client.session.records").tags(tags)
                .description("Records received").register(registry));
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason, keep(Counter.builder("weir.client.session.failures").tags(tags).tag("reason", reason.name())
                    .description("Connections given up, by reason").register(registry)));
        }
        detection = keep(Timer.builder("weir.client.session.detection").tags(tags)
                .description("Silence on a connection before its failure was declared").register(registry));
        recovery = keep(Timer.builder("weir.client.session.recovery").tags(tags)
                .description("From a detected failure to the next established connection").register(registry));
        keep(Gauge.builder("weir.client.session.connections", this, m -> m.openConnections).tags(tags)
                .description("Open connections to sink workers").register(registry));
        if (mode == SessionMode.ONE) {
            keep(Gauge.builder("weir.client.session.worker", this, m -> m.servingWorker).tags(tags)
                    .description("Number of the sink worker serving the session, -1 for none").register(registry));
        }
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    void opened() {
        opened.increment();
    }

    void failedOver() {
        failovers.increment();
    }

    Counter records() {
        return records;
    }

    void failed(FailureReason reason, long silenceNanos) {
        failures.get(reason).increment();
        detection.record(silenceNanos, TimeUnit.NANOSECONDS);
    }

    void recovered(long nanos) {
        recovery.record(nanos, TimeUnit.NANOSECONDS);
    }

    void connections(int open, int serving) {
        openConnections = open;
        servingWorker = serving;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
