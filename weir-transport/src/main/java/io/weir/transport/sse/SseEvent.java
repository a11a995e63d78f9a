package io.weir.transport.sse;

import java.nio.charset.StandardCharsets;

/**
 * One dispatched Server-Sent Event: its {@code event:} type ({@code null} when the stream named none) and its
 * {@code data:} lines joined with {@code \n}, as bytes. The array is the event's own; equality is by identity.
 */
public record SseEvent(String type, byte[] data) {

    /** The data as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
