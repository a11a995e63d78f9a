package io.weir.transport.tcp;

import io.weir.transport.tcp.frame.ErrorCode;

/** The connection carrying a stream closed or stopped answering heartbeats. */
public final class ConnectionLostException extends StreamException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(ErrorCode code, String message) {
        super(code, message);
    }
}
