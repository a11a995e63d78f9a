package io.weir.master.scheduler.reservation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what a reservation registry does, tagged with its resource cluster. */
final class ReservationMetrics {

    private final AtomicInteger pending = new AtomicInteger();
    private final Counter dispatched;
    private final Counter resent;
    private final Counter stale;
    private final Counter duplicates;
    private final Map<BatchOutcome, Counter> results = new EnumMap<>(BatchOutcome.class);

    ReservationMetrics(MeterRegistry registry, String cluster) {
        Gauge.builder("weir_reservations_pending", pending, AtomicInteger::get)
                .description("Reservations waiting to be placed, in flight included")
                .tag("cluster", cluster)
                .register(registry);
        dispatched = counter(registry, cluster, "weir_reservation_batches_dispatched",
                "Allocation batches sent to placement, resends included");
        resent = counter(registry, cluster, "weir_reservation_batches_resent",
                "Allocation batches sent again because placement did not answer in time");
        stale = counter(registry, cluster, "weir_reservation_results_stale",
                "Placement answers ignored because their batch was no longer in flight");
        duplicates = counter(registry, cluster, "weir_reservation_upserts_duplicate",
                "Upserts ignored because an identical reservation was pending");
        for (BatchOutcome outcome : BatchOutcome.values()) {
            results.put(outcome, Counter.builder("weir_reservation_results")
                    .description("Placement answers to allocation batches, by outcome")
                    .tag("cluster", cluster)
                    .tag("outcome", outcome.name())
                    .register(registry));
        }
    }

    private static Counter counter(MeterRegistry registry, String cluster, String name, String description) {
        return Counter.builder(name).description(description).tag("cluster", cluster).register(registry);
    }

    void pending(int count) {
        pending.set(count);
    }

    void dispatched() {
        dispatched.increment();
    }

    void resent() {
        resent.increment();
    }

    void stale() {
        stale.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void result(BatchOutcome outcome) {
        results.get(outcome).increment();
    }
}
