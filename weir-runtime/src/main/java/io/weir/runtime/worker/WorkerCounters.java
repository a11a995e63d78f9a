package io.weir.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The record counters of one worker: into its stage logic, out of it, and dropped at the source without credit. */
final class WorkerCounters {

    private final Counter in;
    private final Counter out;
    private final Counter dropped;

    WorkerCounters(MeterRegistry registry, String jobId, int stage) {
        String s = String.valueOf(stage);
        this.in = Counter.builder("weir_worker_records_in").tag("job", jobId).tag("stage", s).register(registry);
        this.out = Counter.builder("weir_worker_records_out").tag("job", jobId).tag("stage", s).register(registry);
        this.dropped = Counter.builder("weir_source_dropped_records").tag("job", jobId).tag("reason", "no_credit").register(registry);
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
}
