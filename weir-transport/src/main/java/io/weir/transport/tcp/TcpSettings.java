package io.weir.transport.tcp;

/**
 * Limits and timings of TCP stream connections; immutable, validated on construction.
 *
 * @param maxFrameBytes largest frame accepted, header included (default 16 MiB)
 * @param maxStreamsPerConnection streams one connection carries at most (default 10,000)
 * @param pingIntervalMillis a connection idle this long is sent a PING (default 500)
 * @param maxMissedPongs consecutive unanswered PINGs that close the connection (default 3)
 * @param batchBytes DATA frames are cut at about this size (default 64 KiB)
 * @param writeBufferHighBytes outbound bytes queued in the socket's buffer before sending pauses (default 1 MiB)
 * @param security how connections are secured before their first frame (default {@link ChannelSecurity#NONE}: plaintext)
 */
public record TcpSettings(
        int maxFrameBytes,
        int maxStreamsPerConnection,
        long pingIntervalMillis,
        int maxMissedPongs,
        int batchBytes,
        int writeBufferHighBytes,
        ChannelSecurity security) {

    /** The defaults listed above. */
    public static final TcpSettings DEFAULTS = new TcpSettings(16 << 20, 10_000, 500, 3, 64 << 10, 1 << 20);

    /** Plaintext settings. */
    public TcpSettings(int maxFrameBytes, int maxStreamsPerConnection, long pingIntervalMillis, int maxMissedPongs,
                       int batchBytes, int writeBufferHighBytes) {
        this(maxFrameBytes, maxStreamsPerConnection, pingIntervalMillis, maxMissedPongs, batchBytes, writeBufferHighBytes,
                ChannelSecurity.NONE);
    }

    public TcpSettings {
        positive("maxFrameBytes", maxFrameBytes);
        positive("maxStreamsPerConnection", maxStreamsPerConnection);
        positive("pingIntervalMillis", pingIntervalMillis);
        positive("maxMissedPongs", maxMissedPongs);
        positive("batchBytes", batchBytes);
        positive("writeBufferHighBytes", writeBufferHighBytes);
        java.util.Objects.requireNonNull(security, "security");
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: >= 1024)");
        }
        if (batchBytes > maxFrameBytes) {
            throw new IllegalArgumentException("batchBytes: " + batchBytes + " (expected: <= maxFrameBytes)");
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /** A copy with another ping interval and missed-pong limit. */
    public TcpSettings withHeartbeat(long pingIntervalMillis, int maxMissedPongs) {
        return new TcpSettings(maxFrameBytes, maxStreamsPerConnection, pingIntervalMillis, maxMissedPongs,
                batchBytes, writeBufferHighBytes, security);
    }

    /** A copy with another stream limit. */
    public TcpSettings withMaxStreamsPerConnection(int maxStreams) {
        return new TcpSettings(maxFrameBytes, maxStreams, pingIntervalMillis, maxMissedPongs, batchBytes,
                writeBufferHighBytes, security);
    }

    /** A copy with another maximum frame size. */
    public TcpSettings withMaxFrameBytes(int maxFrameBytes) {
        return new TcpSettings(maxFrameBytes, maxStreamsPerConnection, pingIntervalMillis, maxMissedPongs,
                Math.min(batchBytes, maxFrameBytes), writeBufferHighBytes, security);
    }

    /** A copy whose connections are secured by {@code security}. */
    public TcpSettings withSecurity(ChannelSecurity security) {
        return new TcpSettings(maxFrameBytes, maxStreamsPerConnection, pingIntervalMillis, maxMissedPongs, batchBytes,
                writeBufferHighBytes, security);
    }
}
