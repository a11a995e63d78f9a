package io.weir.runtime.connect;

/** A stage connection ended without an error of its own (the peer closed it). Carries no stack trace. */
public final class ConnectionEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception naming the endpoint whose connection ended. */
    public ConnectionEndedException(Endpoint endpoint) {
        super("connection to " + endpoint + " ended", null, false, false);
    }
}
