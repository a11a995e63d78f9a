package io.weir.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of one worker's stage: records into its logic and out of it, records the source dropped without credit,
 * and the processing latency ({@code weir_worker_processing_latency_seconds}, a histogram, sampled). Bytes, credit
 * stalls and connections are counted by the transport ({@code weir_transport_*}) and the connection set
 * ({@code weir_stage_*}) in the same registry.
 */
final class WorkerCounters {

    private final Counter in;
    private final Counter out;
    private final Counter dropped;
    private final Timer processing;

    WorkerCounters(MeterRegistry registry, String jobId, int stage) {
        String s = String.valueOf(stage);
        this.in = Counter.builder("weir_worker_records_in").description("Records into the stage's logic").tag("job", jobId).tag("stage", s).register(registry);
        this.out = Counter.builder("weir_worker_records_out").description("Records the stage's logic emitted").tag("job", jobId).tag("stage", s).register(registry);
        this.dropped = Counter.builder("weir_source_dropped_records").description("Source records dropped because the next stage gave no credit").tag("job", jobId).tag("reason", "no_credit").register(registry);
        this.processing = Timer.builder("weir_worker_processing_latency").tag("job", jobId).tag("stage", s)
                .description("Time to hand one record to the stage logic and route what it emits (1 in "
                        + ProcessingTimer.SAMPLE + " records)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    void in() {
        in.increment();
    }

    void out() {
        out.increment();
    }

    void dropped() {
        dropped.increment();
    }

    Timer processing() {
        return processing;
    }
}
