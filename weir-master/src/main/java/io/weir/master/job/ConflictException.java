package io.weir.master.job;

/** The request is valid but conflicts with the current state, such as scaling a job that has ended. */
public final class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}
