package io.weir.master.job;

import io.weir.core.model.FailureKind;

/**
 * The resubmit limits of every worker slot ({@code jobId/stage/index}): one limiter for the job's own failures, one for
 * ports its agents could not bind (replaced at once {@value #IMMEDIATE_PORT_RETRIES} times in a row, then spaced by
 * the job's longest step; never the job's fault unless endless).
 * Rebuilt from the store's failed workers after a restart. Owned by the control loop.
 */
final class SlotLimits {

    static final int IMMEDIATE_PORT_RETRIES = 10;
    private static final int MAX_PORT_RETRIES_PER_HOUR = 100;

    private final ResubmitLimiter failures;
    private final ResubmitLimiter ports;

    SlotLimits(JobSupervisorConfig config) {
        this.failures = new ResubmitLimiter(config.resubmitStepsMillis(), config.resubmitResetMillis(), config.maxResubmitsPerHour());
        var portSteps = new java.util.ArrayList<>(java.util.Collections.nCopies(IMMEDIATE_PORT_RETRIES, 0L));
        portSteps.add(config.resubmitStepsMillis().getLast());
        this.ports = new ResubmitLimiter(portSteps, config.resubmitResetMillis(), MAX_PORT_RETRIES_PER_HOUR);
    }

    /** Records a failure of {@code kind} at {@code at}; null (stopped on purpose) is not counted and waits for nothing. */
    ResubmitLimiter.Decision onFailure(String slot, FailureKind kind, long at) {
        if (kind == null) {
            return new ResubmitLimiter.Decision(true, 0, 0);
        }
        return (kind == FailureKind.PORT_IN_USE ? ports : failures).onFailure(slot, at);
    }

    /** What is left at {@code now} of the last delay given to {@code slot}. */
    long remainingMillis(String slot, long now) {
        return Math.max(failures.remainingMillis(slot, now), ports.remainingMillis(slot, now));
    }

    /** Forgets every slot of an ended job. */
    void forget(String jobId) {
        failures.forget(jobId + "/");
        ports.forget(jobId + "/");
    }
}
