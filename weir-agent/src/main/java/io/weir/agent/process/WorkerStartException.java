package io.weir.agent.process;

import io.weir.core.model.FailureKind;

/** A worker could not start, or failed: a one-line reason for the master and whether a retry can help. */
public final class WorkerStartException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    public WorkerStartException(String reason, FailureKind kind) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }
}
