package io.weir.client.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of a client's service sessions: {@code weir_client_service_sessions_total{outcome}},
 * {@code weir_client_service_responses_total}, {@code weir_client_service_failovers_total},
 * {@code weir_client_service_restarts_total}, {@code weir_client_service_duplicates_dropped_total} and the failover gap
 * ({@code weir_client_service_failover_gap_seconds}: last response from the old worker to the first from the new).
 */
final class SessionMetrics {

    private final MeterRegistry meters;
    final Counter responses;
    final Counter failovers;
    final Counter restarts;
    final Counter duplicates;
    final Timer gap;

    SessionMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.responses = Counter.builder("weir.client.service.responses").description("Responses this client's service sessions received").register(meters);
        this.failovers = Counter.builder("weir.client.service.failovers").description("Service sessions moved to another worker after theirs failed").register(meters);
        this.restarts = Counter.builder("weir.client.service.restarts").description("Service sessions restarted from the beginning on a new worker").register(meters);
        this.duplicates = Counter.builder("weir.client.service.duplicates.dropped").description("Responses dropped because a failover delivered them twice").register(meters);
        this.gap = Timer.builder("weir.client.service.failover.gap").description("Time from a worker failing to the first response from its replacement").publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(meters);
    }

    void ended(String outcome) {
        Counter.builder("weir.client.service.sessions").description("Service sessions ended, by outcome").tag("outcome", outcome).register(meters).increment();
    }
}
