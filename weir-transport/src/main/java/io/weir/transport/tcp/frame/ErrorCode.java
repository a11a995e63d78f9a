package io.weir.transport.tcp.frame;

/** Error codes carried by ERROR frames. Unknown codes read as {@link #INTERNAL}. */
public enum ErrorCode {
    /** The peer sent bytes that are not a valid frame. */
    PROTOCOL(1),
    /** A frame exceeded the maximum frame size. */
    FRAME_TOO_LARGE(2),
    /** The peer sent more records than it had credit for. */
    FLOW_CONTROL(3),
    /** The connection already carries its maximum number of streams. */
    REFUSED_STREAM(4),
    /** Missed heartbeats: the peer stopped answering PING. */
    TIMEOUT(5),
    /** The stream's handler failed; the message says why. */
    HANDLER(6),
    /** No handler accepts the stream's parameters. */
    NOT_FOUND(7),
    /** An unexpected failure inside the transport. */
    INTERNAL(8),
    /**
     * On stream 0 without closing: the sender is shutting down. It accepts no new streams, lets open ones
     * finish, then closes. The receiver opens no new streams on this connection.
     */
    GOING_AWAY(9),
    /**
     * The accepter does not admit the opener: a missing or wrong token, or an identity (job, stage, worker index or
     * number) the accepter does not serve; the message says which. Nothing was allocated for the stream.
     */
    FORBIDDEN(10);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The error for a wire code; unknown codes map to {@link #INTERNAL}. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return INTERNAL;
    }
}
