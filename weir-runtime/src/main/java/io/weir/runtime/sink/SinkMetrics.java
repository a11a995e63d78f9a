package io.weir.runtime.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The meters of one sink; thread-safe. Prometheus names: {@code weir_sink_records_out_total}, {@code weir_sink_bytes_out_total},
 * {@code weir_sink_dropped_records_total{reason="buffer_full"|"sampled"|"group_limit"}} ({@code group_limit}: an
 * aggregate window already had {@value io.weir.mql.Mql#MAX_GROUPS} groups), {@code weir_sink_aggregate_windows_total}
 * (aggregate windows closed, empty ones included), {@code weir_sink_aggregate_timers} (scheduled window ends),
 * {@code weir_sink_filtered_records_total} (once per record per consumer group whose query did not select it;
 * filtering is not a drop), {@code weir_sink_refused_total{reason="unauthorized"|"full"}} (requests answered 401 or
 * 503) and {@code weir_sink_consumers}.
 */
final class SinkMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Counter recordsOut;
    private final Counter bytesOut;
    private final Counter droppedFull;
    private final Counter droppedSampled;
    private final Counter droppedGroupLimit;
    private final Counter windowsClosed;
    private final Gauge timers;
    private final Counter filtered;
    private final Gauge consumers;
    private final Counter unauthorized;
    private final Counter full;

    /** Meters of a sink without aggregate window timers. */
    SinkMetrics(MeterRegistry registry, IntSupplier consumers) {
        this(registry, consumers, () -> 0);
    }

    /** Meters reading the connected {@code consumers} and the pending aggregate window {@code timers}. */
    SinkMetrics(MeterRegistry registry, IntSupplier consumers, IntSupplier timers) {
        this.registry = Objects.requireNonNull(registry, "registry");
        recordsOut = Counter.builder("weir.sink.records.out")
                .description("Records written to external consumers").register(registry);
        bytesOut = Counter.builder("weir.sink.bytes.out")
                .description("Bytes of SSE events (records, pings, meta) written to external consumers").register(registry);
        droppedFull = dropped("buffer_full", "a consumer's buffer was full");
        droppedSampled = dropped("sampled", "a consumer's sampleMSec window was closed");
        droppedGroupLimit = dropped("group_limit", "its aggregate window already had the maximum of groups");
        windowsClosed = Counter.builder("weir.sink.aggregate.windows")
                .description("Aggregate windows closed by consumer groups, empty ones included").register(registry);
        this.timers = Gauge.builder("weir.sink.aggregate.timers", timers::getAsInt)
                .description("Scheduled ends of aggregate windows, one per aggregating consumer group")
                .strongReference(true).register(registry);
        filtered = Counter.builder("weir.sink.filtered.records")
                .description("Records a consumer group's mql query did not select").register(registry);
        unauthorized = refused("unauthorized", "it carried no valid read token");
        full = refused("full", "the sink had its maximum of consumers");
        this.consumers = Gauge.builder("weir.sink.consumers", consumers::getAsInt)
                .description("Connected external consumers").strongReference(true).register(registry);
    }

    private Counter dropped(String reason, String description) {
        return Counter.builder("weir.sink.dropped.records").tag("reason", reason)
                .description("Records not sent to a consumer because " + description).register(registry);
    }

    private Counter refused(String reason, String description) {
        return Counter.builder("weir.sink.refused").tag("reason", reason)
                .description("Sink requests refused because " + description).register(registry);
    }

    void unauthorized() {
        unauthorized.increment();
    }

    void full() {
        full.increment();
    }

    void recordsOut(int n) {
        recordsOut.increment(n);
    }

    void bytesOut(int n) {
        bytesOut.increment(n);
    }

    void droppedBufferFull() {
        droppedFull.increment();
    }

    void droppedSampled() {
        droppedSampled.increment();
    }

    void droppedGroupLimit() {
        droppedGroupLimit.increment();
    }

    void windowClosed() {
        windowsClosed.increment();
    }

    void filtered() {
        filtered.increment();
    }

    /** Unregisters the gauges, which read this sink's state; counters stay, as Prometheus expects. */
    @Override
    public void close() {
        registry.remove(consumers);
        registry.remove(timers);
    }
}
