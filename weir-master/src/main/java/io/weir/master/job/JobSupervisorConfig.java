package io.weir.master.job;

import java.util.List;

/**
 * How workers are supervised: a running worker is failed after {@code heartbeatTimeoutMillis} without a heartbeat, a
 * launched or starting one after {@code launchTimeoutMillis} without reaching Started; a transient failure is replaced
 * after the limiter's steps and its job fails after more than {@code maxResubmitsPerHour} replacements of one slot; a
 * permanent failure (missing class or artifact, invalid parameters or topology) fails the job at once when
 * {@code failJobOnPermanentFailure}. One request may create at most {@code maxWorkersPerRequest} workers and a job may
 * have at most {@code maxWorkersPerJob}.
 */
public record JobSupervisorConfig(
        long heartbeatTimeoutMillis,
        long launchTimeoutMillis,
        long checkIntervalMillis,
        List<Long> resubmitStepsMillis,
        long resubmitResetMillis,
        int maxResubmitsPerHour,
        boolean failJobOnPermanentFailure,
        int maxWorkersPerJob,
        int maxWorkersPerRequest) {

    public static final JobSupervisorConfig DEFAULTS = new JobSupervisorConfig(
            3_000, 60_000, 250, List.of(0L, 1_000L, 2_000L, 5_000L, 10_000L, 30_000L), 300_000, 20, true, 10_000, 10_000);

}
