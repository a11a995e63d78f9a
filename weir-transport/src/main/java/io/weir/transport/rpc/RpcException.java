package io.weir.transport.rpc;

import io.weir.transport.TransportException;

/** A request failed on the server side: its handler failed or no handler serves the endpoint. */
public final class RpcException extends TransportException {
    private static final long serialVersionUID = 1L;

    public RpcException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
