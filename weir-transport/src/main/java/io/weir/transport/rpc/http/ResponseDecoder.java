package io.weir.transport.rpc.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.sse.SseDecoder;
import io.weir.transport.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Queue;

/**
 * Parses a response body in one {@link StreamFormat} back into events, across arbitrary chunk
 * boundaries. Holds at most one unfinished event (bounded by {@code maxEventBytes}). One thread at a time.
 */
final class ResponseDecoder {

    /** A parsed event: a record, the end, or an error. */
    sealed interface Event {
        record Data(byte[] record) implements Event { }
        record End() implements Event { }
        record Failure(String message) implements Event { }
    }

    private final StreamFormat format;
    private final int maxEventBytes;
    private final CompositeByteBuf pending = Unpooled.compositeBuffer(64);
    private final SseDecoder sse;

    ResponseDecoder(StreamFormat format, int maxEventBytes) {
        this.format = format;
        this.maxEventBytes = maxEventBytes;
        this.sse = format == StreamFormat.SSE ? new SseDecoder(maxEventBytes) : null;
    }

    /** Adds a chunk (retained here unless SSE, which is copied) and appends every complete event to {@code out}. */
    void decode(ByteBuf chunk, Queue<Event> out) {
        if (sse != null) {
            sse.decode(chunk, event -> sse(event, out));
            return;
        }
        pending.addComponent(true, chunk.retain());
        switch (format) {
            case BINARY -> decodeBinary(out);
            case NDJSON -> decodeLines(out);
            case SSE -> throw new AssertionError("SSE is decoded by SseDecoder");
        }
        pending.discardReadComponents();
        if (pending.readableBytes() > maxEventBytes) {
            throw new IllegalStateException("response event exceeds " + maxEventBytes + " bytes");
        }
    }

    void release() {
        pending.release();
    }

    private void decodeBinary(Queue<Event> out) {
        while (pending.readableBytes() >= 4) {
            int length = pending.getInt(pending.readerIndex());
            if (length == ResponseEncoding.BINARY_KEEPALIVE) {
                pending.skipBytes(4);
            } else if (length == ResponseEncoding.BINARY_END) {
                pending.skipBytes(4);
                out.add(new Event.End());
            } else if (length == ResponseEncoding.BINARY_ERROR) {
                if (pending.readableBytes() < 8 || pending.readableBytes() < 8 + pending.getInt(pending.readerIndex() + 4)) {
                    return;
                }
                int messageLength = pending.skipBytes(4).readInt();
                out.add(new Event.Failure(pending.readCharSequence(messageLength, StandardCharsets.UTF_8).toString()));
            } else {
                if (pending.readableBytes() < 4 + length) {
                    return;
                }
                pending.skipBytes(4);
                byte[] record = new byte[length];
                pending.readBytes(record);
                out.add(new Event.Data(record));
            }
        }
    }

    private void decodeLines(Queue<Event> out) {
        int newline;
        while ((newline = pending.indexOf(pending.readerIndex(), pending.writerIndex(), (byte) '\n')) >= 0) {
            int length = newline - pending.readerIndex();
            byte[] line = ByteBufUtil.getBytes(pending, pending.readerIndex(), length);
            pending.skipBytes(length + 1);
            ndjson(line, out);
        }
    }

    private static void ndjson(byte[] line, Queue<Event> out) {
        String prefix = "{\"data\":";
        if (line.length == 0) {
            return;
        }
        if (startsWith(line, prefix)) {
            byte[] record = new byte[line.length - prefix.length() - 1];
            System.arraycopy(line, prefix.length(), record, 0, record.length);
            out.add(new Event.Data(record));
        } else if (startsWith(line, "{\"end\":true}")) {
            out.add(new Event.End());
        } else if (startsWith(line, "{\"error\":\"")) {
            String text = new String(line, StandardCharsets.UTF_8);
            out.add(new Event.Failure(unescape(text.substring(10, text.lastIndexOf('"')))));
        }
    }

    private static void sse(SseEvent event, Queue<Event> out) {
        if (event.type() == null) {
            out.add(new Event.Data(event.data()));
        } else if ("end".equals(event.type())) {
            out.add(new Event.End());
        } else if ("error".equals(event.type())) {
            out.add(new Event.Failure(event.text()));
        }
    }

    private static boolean startsWith(byte[] line, String prefix) {
        if (line.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
