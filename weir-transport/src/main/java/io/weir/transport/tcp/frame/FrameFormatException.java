package io.weir.transport.tcp.frame;

import io.netty.handler.codec.DecoderException;

/** The peer sent bytes that are not a valid frame; the connection must be closed with an ERROR frame. */
public final class FrameFormatException extends DecoderException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public FrameFormatException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The error code to send to the peer. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a peer's bad bytes are not a bug here; no stack trace needed
    }
}
