package io.weir.client;

/**
 * The master could not serve the call: unreachable, silent past the timeout, or answering 5xx (503 while it
 * recovers or its store is down). Nothing is known to have changed; retrying later may succeed.
 */
public final class MasterUnavailableException extends WeirClientException {

    private static final long serialVersionUID = 1L;

    public MasterUnavailableException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
