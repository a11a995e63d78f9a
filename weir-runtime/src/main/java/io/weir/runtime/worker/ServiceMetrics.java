package io.weir.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of a service worker: {@code weir_service_sessions_active}, {@code weir_service_sessions_total{outcome}}
 * (completed, failed, cancelled, deadline, aborted), {@code weir_service_responses_out_total} and
 * {@code weir_service_sessions_refused_total{reason}} (forbidden, unavailable, not_resumable, bad_request).
 */
final class ServiceMetrics {

    private final MeterRegistry registry;
    private final String jobId;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter responses;

    ServiceMetrics(MeterRegistry registry, String jobId) {
        this.registry = registry;
        this.jobId = jobId;
        Gauge.builder("weir_service_sessions_active", active, AtomicInteger::get).tag("job", jobId)
                .description("Sessions this worker is serving now").register(registry);
        this.responses = Counter.builder("weir_service_responses_out").tag("job", jobId)
                .description("Responses sent to callers").register(registry);
        for (String outcome : new String[] {"completed", "failed", "cancelled", "deadline", "aborted"}) {
            sessions(outcome);
        }
        refusals("unavailable");
    }

    private Counter sessions(String outcome) {
        return Counter.builder("weir_service_sessions").tag("job", jobId).tag("outcome", outcome)
                .description("Sessions ended, by outcome").register(registry);
    }

    private Counter refusals(String reason) {
        return Counter.builder("weir_service_sessions_refused").tag("job", jobId).tag("reason", reason)
                .description("Sessions refused before they started, by reason").register(registry);
    }

    void started() {
        active.incrementAndGet();
    }

    void ended(String outcome) {
        active.decrementAndGet();
        sessions(outcome).increment();
    }

    void responses(long n) {
        responses.increment(n);
    }

    void refused(String reason) {
        refusals(reason).increment();
    }
}
