package io.weir.transport.rpc.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.weir.transport.config.StreamFormat;
import java.nio.charset.StandardCharsets;

/**
 * Writes response events in one {@link StreamFormat}. SSE: {@code data: <record>} lines and a blank line,
 * {@code event: end} or {@code event: error} last. NDJSON: {@code {"data":<record>}} per line (records must be
 * JSON), then {@code {"end":true}} or {@code {"error":"..."}}. Binary: {@code uint32 length, bytes} per record,
 * then length {@code 0xFFFFFFFF} (end) or {@code 0xFFFFFFFE, uint32 length, UTF-8 message} (error). A keep-alive, sent
 * only when the caller asked for one, is a comment line {@code :} (SSE), an empty line (NDJSON) or {@code 0xFFFFFFFD}
 * (binary); readers skip it. Stateless.
 */
final class ResponseEncoding {

    static final int BINARY_END = 0xFFFFFFFF;
    static final int BINARY_ERROR = 0xFFFFFFFE;
    static final int BINARY_KEEPALIVE = 0xFFFFFFFD;
    private static final byte[] SSE_KEEPALIVE = ":\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NDJSON_KEEPALIVE = "\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BINARY_KEEPALIVE_BYTES = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFD};

    private ResponseEncoding() {
    }

    static ByteBuf record(StreamFormat format, ByteBufAllocator alloc, byte[] record) {
        return switch (format) {
            case SSE -> {
                ByteBuf out = alloc.buffer(record.length + 16);
                int lineStart = 0;
                for (int i = 0; i <= record.length; i++) {
                    if (i == record.length || record[i] == '\n') {
                        out.writeBytes(DATA).writeBytes(record, lineStart, i - lineStart).writeByte('\n');
                        lineStart = i + 1;
                    }
                }
                yield out.writeByte('\n');
            }
            case NDJSON -> alloc.buffer(record.length + 10).writeBytes(NDJSON_DATA).writeBytes(record)
                    .writeByte('}').writeByte('\n');
            case BINARY -> alloc.buffer(record.length + 4).writeInt(record.length).writeBytes(record);
        };
    }

    /** A keep-alive: unpooled (it may be dropped unsent), wrapping a shared constant. */
    static ByteBuf keepAlive(StreamFormat format) {
        return Unpooled.wrappedBuffer(switch (format) {
            case SSE -> SSE_KEEPALIVE;
            case NDJSON -> NDJSON_KEEPALIVE;
            case BINARY -> BINARY_KEEPALIVE_BYTES;
        });
    }

    static ByteBuf end(StreamFormat format, ByteBufAllocator alloc) {
        return switch (format) {
            case SSE -> alloc.buffer(20).writeBytes("event: end\ndata:\n\n".getBytes(StandardCharsets.US_ASCII));
            case NDJSON -> alloc.buffer(16).writeBytes("{\"end\":true}\n".getBytes(StandardCharsets.US_ASCII));
            case BINARY -> alloc.buffer(4).writeInt(BINARY_END);
        };
    }

    static ByteBuf error(StreamFormat format, ByteBufAllocator alloc, String message) {
        String oneLine = message.replace('\n', ' ');
        return switch (format) {
            case SSE -> alloc.buffer().writeBytes(("event: error\ndata: " + oneLine + "\n\n").getBytes(StandardCharsets.UTF_8));
            case NDJSON -> alloc.buffer().writeBytes(("{\"error\":\"" + jsonEscape(oneLine) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            case BINARY -> {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                yield alloc.buffer(8 + bytes.length).writeInt(BINARY_ERROR).writeInt(bytes.length).writeBytes(bytes);
            }
        };
    }

    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NDJSON_DATA = "{\"data\":".getBytes(StandardCharsets.US_ASCII);
}
