package io.weir.transport.config;

import java.util.Locale;

/** How an HTTP response body carries a stream of records. */
public enum StreamFormat {
    /** Server-Sent Events: {@code data: <record>\n\n}, then {@code event: end} or {@code event: error}. */
    SSE("text/event-stream"),
    /** One JSON value per line; the last line is {@code {"end":true}} or {@code {"error":"..."}}. */
    NDJSON("application/x-ndjson"),
    /** Length-prefixed records: {@code uint32 length, bytes}; a length of 0xFFFFFFFF ends the stream. */
    BINARY("application/octet-stream");

    private final String contentType;

    StreamFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The response's content type. */
    public String contentType() {
        return contentType;
    }

    /** The configuration name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
