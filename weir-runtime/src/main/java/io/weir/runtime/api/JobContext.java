package io.weir.runtime.api;

import io.micrometer.core.instrument.MeterRegistry;

/** What a job's code knows about where it runs: job id, stage, worker slot and number, parameters, metrics. */
public record JobContext(String jobId, int stage, int totalStages, int workerIndex, int workerNumber, Parameters parameters,
                         MeterRegistry metrics) {
}
