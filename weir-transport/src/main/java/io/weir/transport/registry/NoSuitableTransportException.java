package io.weir.transport.registry;

import io.weir.transport.TransportException;

/** No registered transport offers what the caller requires; the message names the missing capability. */
public final class NoSuitableTransportException extends TransportException {
    private static final long serialVersionUID = 1L;

    NoSuitableTransportException(String message) {
        super(message);
    }
}
