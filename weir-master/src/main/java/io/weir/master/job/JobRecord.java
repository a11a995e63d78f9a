package io.weir.master.job;

import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobState;

/** A job as stored: its effective definition (cluster definition with submit-time overrides and current stage sizes). */
public record JobRecord(
        String jobId,
        String cluster,
        long jobNumber,
        JobState state,
        JobClusterDefinition definition,
        long submittedAt,
        Long endedAt,
        String reason) {

    public JobRecord withState(JobState next, String why, long now) {
        return new JobRecord(jobId, cluster, jobNumber, next, definition, submittedAt,
                next.isTerminal() ? Long.valueOf(now) : endedAt, why == null ? reason : why);
    }

    /** A copy showing {@code why} as the reason (for views; not stored). */
    public JobRecord withReason(String why) {
        return new JobRecord(jobId, cluster, jobNumber, state, definition, submittedAt, endedAt, why);
    }

    public JobRecord withDefinition(JobClusterDefinition newDefinition) {
        return new JobRecord(jobId, cluster, jobNumber, state, newDefinition, submittedAt, endedAt, reason);
    }
}
