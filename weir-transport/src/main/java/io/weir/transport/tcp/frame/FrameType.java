package io.weir.transport.tcp.frame;

/** The frame types of the TCP stream protocol and their one-byte codes on the wire. */
public enum FrameType {
    OPEN(0x01), DATA(0x02), CREDIT(0x03), END(0x04), ERROR(0x05), CANCEL(0x06), PING(0x07), PONG(0x08);

    private static final FrameType[] BY_CODE = new FrameType[9];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the code is unknown. */
    public static FrameType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** True for frames that belong to the connection (stream id 0) rather than one stream. */
    public boolean connectionLevel() {
        return this == PING || this == PONG;
    }
}
