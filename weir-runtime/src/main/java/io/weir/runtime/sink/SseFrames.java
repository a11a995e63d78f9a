package io.weir.runtime.sink;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events: {@code data: <json>\n\n} per record, {@code data: ping\n\n}, and the meta
 * event {@code data: {"type":"meta","dropped":N}\n\n}. A record that contains line breaks becomes one
 * {@code data:} line per line, which SSE clients join with {@code \n}.
 */
final class SseFrames {

    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "data: ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** The event carrying one UTF-8 JSON record. */
    static byte[] record(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return multiLine(new String(json, StandardCharsets.UTF_8));
            }
        }
        byte[] frame = new byte[PREFIX.length + json.length + 2];
        System.arraycopy(PREFIX, 0, frame, 0, PREFIX.length);
        System.arraycopy(json, 0, frame, PREFIX.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** The ping event; a fresh copy so no caller can change the shared bytes. */
    static byte[] ping() {
        return PING.clone();
    }

    /** The meta event telling a consumer how many of its records were dropped since it connected. */
    static byte[] meta(long dropped) {
        return ("data: {\"type\":\"meta\",\"dropped\":" + dropped + "}\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multiLine(String json) {
        var out = new StringBuilder(json.length() + 16);
        for (String line : json.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
