package io.weir.runtime.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * What guarding a worker's output costs its subscribers, in Prometheus: {@code weir_stream_refused_total{reason}} (OPENs
 * refused), {@code weir_stream_replaced_total} (streams replaced by a newer OPEN for the same worker index and slot) and
 * {@code weir_stream_credit_timeouts_total} (streams failed for holding up the stage without credit). Thread-safe.
 */
final class OutputGuardMetrics {

    private final Map<Refusal.Reason, Counter> refused = new EnumMap<>(Refusal.Reason.class);
    private final Counter replaced;
    private final Counter creditTimeouts;

    OutputGuardMetrics(MeterRegistry registry) {
        for (var reason : Refusal.Reason.values()) {
            refused.put(reason, Counter.builder("weir.stream.refused").tag("reason", reason.tag())
                    .description("Subscription OPENs this worker refused").register(registry));
        }
        replaced = Counter.builder("weir.stream.replaced")
                .description("Subscriptions replaced by a newer OPEN for the same worker index and slot").register(registry);
        creditTimeouts = Counter.builder("weir.stream.credit.timeouts")
                .description("Subscriptions failed for granting no credit while records waited for them").register(registry);
    }

    void refused(Refusal.Reason reason) {
        refused.get(reason).increment();
    }

    void replaced() {
        replaced.increment();
    }

    void creditTimeout() {
        creditTimeouts.increment();
    }
}
