package io.weir.transport.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * Parses a Server-Sent Events byte stream into {@link SseEvent}s across arbitrary chunk boundaries. Lines end with LF
 * or CRLF; {@code data:} lines are joined with LF; {@code event:} sets the type; comments ({@code :...}) and other
 * fields are skipped; a blank line dispatches the event if it had a data field. Text is decoded only from whole lines,
 * so a UTF-8 character split between chunks survives. Holds at most one unfinished event, bounded by
 * {@code maxEventBytes}; a longer one fails the stream.
 *
 * <p>Not thread-safe: one decoder per stream, fed by one thread at a time.
 */
public final class SseDecoder {

    /** The default bound of one event (its unfinished line plus its data so far): 1 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String type;

    public SseDecoder() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    public SseDecoder(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes: " + maxEventBytes + " (expected: > 0)");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** The data of every event in a stream of chunks, as UTF-8 text, with the default bound. */
    public static Flux<String> data(Flux<byte[]> chunks) {
        return events(chunks, DEFAULT_MAX_EVENT_BYTES).map(SseEvent::text);
    }

    /** The events in a stream of chunks; a fresh decoder per subscription. Chunks are consumed one at a time. */
    public static Flux<SseEvent> events(Flux<byte[]> chunks, int maxEventBytes) {
        return Flux.defer(() -> {
            var decoder = new SseDecoder(maxEventBytes);
            return chunks.concatMapIterable(decoder::decode, 1);
        });
    }

    /** Decodes one chunk and returns the events it completed. */
    public List<SseEvent> decode(byte[] chunk) {
        var out = new ArrayList<SseEvent>(2);
        decode(chunk, 0, chunk.length, out::add);
        return out;
    }

    /** Decodes a chunk's readable bytes without consuming or releasing it; completed events go to {@code out}. */
    public void decode(ByteBuf chunk, Consumer<SseEvent> out) {
        if (chunk.hasArray()) {
            decode(chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), chunk.readableBytes(), out);
        } else {
            byte[] copy = ByteBufUtil.getBytes(chunk);
            decode(copy, 0, copy.length, out);
        }
    }

    /** Decodes {@code length} bytes of {@code chunk} from {@code offset}; completed events go to {@code out}. */
    public void decode(byte[] chunk, int offset, int length, Consumer<SseEvent> out) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                appendToLine(chunk, start, i - start);
                endLine(out);
                start = i + 1;
            }
        }
        appendToLine(chunk, start, end - start);
    }

    private void appendToLine(byte[] bytes, int from, int n) {
        if (n == 0) {
            return;
        }
        checkBound(lineLength + n + dataLength);
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, lineLength + n), maxEventBytes));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    private void endLine(Consumer<SseEvent> out) {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        if (length == 0) {
            dispatch(out);
            return;
        }
        int colon = indexOfColon(length);
        if (colon == 0) {
            return;
        }
        int nameEnd = colon < 0 ? length : colon;
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is("data", nameEnd)) {
            appendData(valueStart, length - valueStart);
        } else if (is("event", nameEnd)) {
            type = new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8);
        }
    }

    private void appendData(int from, int n) {
        int separator = hasData ? 1 : 0;
        checkBound(dataLength + separator + n);
        if (dataLength + separator + n > data.length) {
            data = Arrays.copyOf(data, Math.min(Math.max(data.length * 2, dataLength + separator + n), maxEventBytes));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, from, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void dispatch(Consumer<SseEvent> out) {
        if (hasData) {
            var event = new SseEvent(type, Arrays.copyOf(data, dataLength));
            dataLength = 0;
            hasData = false;
            type = null;
            out.accept(event);
        } else {
            type = null;
        }
    }

    private int indexOfColon(int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean is(String field, int nameLength) {
        if (nameLength != field.length()) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (line[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void checkBound(int eventBytes) {
        if (eventBytes > maxEventBytes) {
            throw new IllegalStateException("an SSE event exceeds " + maxEventBytes + " bytes");
        }
    }
}
