package io.weir.core.model;

/**
 * Why a worker failed, as far as retrying is concerned. The master replaces a {@link #TRANSIENT} failure after the
 * resubmit limiter's delay, fails the job at once on a {@link #PERMANENT} one, and places a {@link #PORT_IN_USE} worker
 * again elsewhere without holding it against the job.
 */
public enum FailureKind {
    /** Retrying may help: I/O, a crash, a lost agent. The default when a report names no kind. */
    TRANSIENT,
    /** Retrying cannot help: the class is missing, the artifact is missing or unreadable, parameters or topology are invalid. */
    PERMANENT,
    /** The agent could not bind a port it offered: the agent's fault, not the job's. */
    PORT_IN_USE,
    /** The worker's agent was lost or left (set by the master, never reported by an agent): not the job's fault. */
    AGENT_LOST
}
