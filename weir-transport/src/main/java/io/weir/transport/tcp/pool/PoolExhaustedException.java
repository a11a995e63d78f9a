package io.weir.transport.tcp.pool;

import io.weir.transport.TransportException;

/** Every pooled connection to a target is at its stream limit and the pool may open no more. */
public final class PoolExhaustedException extends TransportException {
    private static final long serialVersionUID = 1L;

    PoolExhaustedException(String message) {
        super(message);
    }
}
