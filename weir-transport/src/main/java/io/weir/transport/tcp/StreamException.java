package io.weir.transport.tcp;

import io.weir.transport.TransportException;
import io.weir.transport.tcp.frame.ErrorCode;

/** A stream ended in error: the peer sent ERROR or aborted, or this side's limits refused it. */
public class StreamException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StreamException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The error's code as carried on the wire. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // remote failures: the stack of the local event loop tells nothing
    }
}
