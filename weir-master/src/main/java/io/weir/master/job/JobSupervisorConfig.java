package io.weir.master.job;

import java.util.List;

/**
 * Timing of worker supervision: a running worker is failed after {@code heartbeatTimeoutMillis} without a heartbeat (a
 * launched one after {@code launchTimeoutMillis} without starting), replaced
 * after the limiter's steps, and its job fails after more than {@code maxResubmitsPerHour} replacements of one slot.
 */
public record JobSupervisorConfig(
        long heartbeatTimeoutMillis,
        long launchTimeoutMillis,
        long checkIntervalMillis,
        List<Long> resubmitStepsMillis,
        long resubmitResetMillis,
        int maxResubmitsPerHour) {

    public static final JobSupervisorConfig DEFAULTS = new JobSupervisorConfig(
            3_000, 60_000, 250, List.of(0L, 1_000L, 2_000L, 5_000L, 10_000L, 30_000L), 300_000, 20);
}
