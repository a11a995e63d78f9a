package io.weir.client;

/**
 * A call to the master or a sink was refused or failed. {@link #status()} is the HTTP status (0 when no answer
 * arrived) and the message is the server's own {@code {"error": "..."}} sentence where it gave one.
 */
public class WeirClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public WeirClientException(int status, String message) {
        this(status, message, null);
    }

    public WeirClientException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer, 0 when none arrived. */
    public int status() {
        return status;
    }

    /** A 4xx: the request itself was wrong (bad input, unknown id, conflicting state); retrying it will not help. */
    public boolean isUserError() {
        return status >= 400 && status < 500;
    }
}
