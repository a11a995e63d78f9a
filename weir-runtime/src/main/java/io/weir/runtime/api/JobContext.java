package io.weir.runtime.api;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a job's code knows about where it runs: job id, stage, worker slot and number, parameters, metrics, and how to
 * reach the master ({@code masterUrl}; {@code jobToken}, null when the cluster runs without a secret), e.g. to read
 * another job's output.
 */
public record JobContext(String jobId, int stage, int totalStages, int workerIndex, int workerNumber, Parameters parameters,
                         MeterRegistry metrics, String masterUrl, String jobToken) {

    /** A context that knows no master (checks, tests). */
    public JobContext(String jobId, int stage, int totalStages, int workerIndex, int workerNumber, Parameters parameters,
                      MeterRegistry metrics) {
        this(jobId, stage, totalStages, workerIndex, workerNumber, parameters, metrics, null, null);
    }

    @Override
    public String toString() {
        return "JobContext[" + jobId + ", stage " + stage + "/" + totalStages + ", index " + workerIndex + ", worker " + workerNumber + "]";
    }
}
