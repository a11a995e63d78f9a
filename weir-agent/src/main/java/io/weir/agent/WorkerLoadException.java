package io.weir.agent;

import io.weir.core.model.FailureKind;

/** A worker's code could not be loaded or instantiated; the message names the cause and the fix, {@link #kind()} whether a retry can help. */
final class WorkerLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    WorkerLoadException(String message) {
        super(message, null, false, false);
        this.kind = FailureKind.PERMANENT;
    }

    WorkerLoadException(String message, Throwable cause) {
        this(message, cause, FailureKind.PERMANENT);
    }

    WorkerLoadException(String message, Throwable cause, FailureKind kind) {
        super(message, cause);
        this.kind = kind;
    }

    FailureKind kind() {
        return kind;
    }
}
