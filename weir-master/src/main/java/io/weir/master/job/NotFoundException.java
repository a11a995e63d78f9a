package io.weir.master.job;

/** The named cluster, job or worker does not exist. */
public final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
