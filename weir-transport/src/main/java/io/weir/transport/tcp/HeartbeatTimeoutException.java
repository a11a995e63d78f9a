package io.weir.transport.tcp;

import io.weir.transport.TransportException;

/** The peer left {@code maxMissedPongs} PINGs in a row unanswered. */
final class HeartbeatTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    HeartbeatTimeoutException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
