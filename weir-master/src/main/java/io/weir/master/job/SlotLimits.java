package io.weir.master.job;

import io.weir.core.model.FailureKind;

/**
 * The resubmit limits of every worker slot ({@code jobId/stage/index}): one limiter for the job's own failures; one for
 * ports the agent could not bind, replaced at once {@value #IMMEDIATE_PORT_RETRIES} times in a row, then spaced by the
 * job's longest step; and one for lost agents, replaced at once every time (a loss is detected only after missed
 * heartbeats, so it cannot loop fast). Agents' faults are never the job's fault unless endless
 * ({@value #MAX_AGENT_FAULTS_PER_HOUR} an hour). Rebuilt from the store's failed workers after a restart. Owned by the
 * control loop.
 */
final class SlotLimits {

    static final int IMMEDIATE_PORT_RETRIES = 10;
    private static final int MAX_AGENT_FAULTS_PER_HOUR = 100;

    private final ResubmitLimiter failures;
    private final ResubmitLimiter ports;
    private final ResubmitLimiter lostAgents;

    SlotLimits(JobSupervisorConfig config) {
        this.failures = new ResubmitLimiter(config.resubmitStepsMillis(), config.resubmitResetMillis(), config.maxResubmitsPerHour());
        var portSteps = new java.util.ArrayList<>(java.util.Collections.nCopies(IMMEDIATE_PORT_RETRIES, 0L));
        portSteps.add(config.resubmitStepsMillis().getLast());
        this.ports = new ResubmitLimiter(portSteps, config.resubmitResetMillis(), MAX_AGENT_FAULTS_PER_HOUR);
        this.lostAgents = new ResubmitLimiter(java.util.List.of(0L), config.resubmitResetMillis(), MAX_AGENT_FAULTS_PER_HOUR);
    }

    /** Records a failure of {@code kind} at {@code at}; null (stopped on purpose) is not counted and waits for nothing. */
    ResubmitLimiter.Decision onFailure(String slot, FailureKind kind, long at) {
        if (kind == null) {
            return new ResubmitLimiter.Decision(true, 0, 0);
        }
        return limiter(kind).onFailure(slot, at);
    }

    /** The most failures of {@code kind} one slot may have in an hour. */
    int maxPerHour(FailureKind kind, JobSupervisorConfig config) {
        return kind == FailureKind.PORT_IN_USE || kind == FailureKind.AGENT_LOST ? MAX_AGENT_FAULTS_PER_HOUR : config.maxResubmitsPerHour();
    }

    /** What is left at {@code now} of the last delay given to {@code slot}. */
    long remainingMillis(String slot, long now) {
        return Math.max(failures.remainingMillis(slot, now), ports.remainingMillis(slot, now));
    }

    private ResubmitLimiter limiter(FailureKind kind) {
        return switch (kind) {
            case PORT_IN_USE -> ports;
            case AGENT_LOST -> lostAgents;
            default -> failures;
        };
    }

    /** Forgets every slot of an ended job. */
    void forget(String jobId) {
        failures.forget(jobId + "/");
        ports.forget(jobId + "/");
        lostAgents.forget(jobId + "/");
    }
}
