package io.weir.master.job;

import io.weir.core.model.FailureKind;

/**
 * The resubmit limits of every worker slot ({@code jobId/stage/index}): one limiter for the job's own failures, one for
 * its agents' faults — a port the agent could not bind, an agent lost or gone — replaced at once
 * {@value #IMMEDIATE_PORT_RETRIES} times in a row, then spaced by the job's longest step; never the job's fault unless endless.
 * Rebuilt from the store's failed workers after a restart. Owned by the control loop.
 */
final class SlotLimits {

    static final int IMMEDIATE_PORT_RETRIES = 10;
    private static final int MAX_AGENT_FAULTS_PER_HOUR = 100;

    private final ResubmitLimiter failures;
    private final ResubmitLimiter agents;

    SlotLimits(JobSupervisorConfig config) {
        this.failures = new ResubmitLimiter(config.resubmitStepsMillis(), config.resubmitResetMillis(), config.maxResubmitsPerHour());
        var portSteps = new java.util.ArrayList<>(java.util.Collections.nCopies(IMMEDIATE_PORT_RETRIES, 0L));
        portSteps.add(config.resubmitStepsMillis().getLast());
        this.agents = new ResubmitLimiter(portSteps, config.resubmitResetMillis(), MAX_AGENT_FAULTS_PER_HOUR);
    }

    /** Records a failure of {@code kind} at {@code at}; null (stopped on purpose) is not counted and waits for nothing. */
    ResubmitLimiter.Decision onFailure(String slot, FailureKind kind, long at) {
        if (kind == null) {
            return new ResubmitLimiter.Decision(true, 0, 0);
        }
        boolean agentsFault = kind == FailureKind.PORT_IN_USE || kind == FailureKind.AGENT_LOST;
        return (agentsFault ? agents : failures).onFailure(slot, at);
    }

    /** The most failures of {@code kind} one slot may have in an hour. */
    int maxPerHour(FailureKind kind, JobSupervisorConfig config) {
        return kind == FailureKind.PORT_IN_USE || kind == FailureKind.AGENT_LOST ? MAX_AGENT_FAULTS_PER_HOUR : config.maxResubmitsPerHour();
    }

    /** What is left at {@code now} of the last delay given to {@code slot}. */
    long remainingMillis(String slot, long now) {
        return Math.max(failures.remainingMillis(slot, now), agents.remainingMillis(slot, now));
    }

    /** Forgets every slot of an ended job. */
    void forget(String jobId) {
        failures.forget(jobId + "/");
        agents.forget(jobId + "/");
    }
}
