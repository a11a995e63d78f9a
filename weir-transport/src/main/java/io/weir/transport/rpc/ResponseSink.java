package io.weir.transport.rpc;

/**
 * Where a handler writes its response stream. Thread-safe. {@link #send} returns {@code false} when the
 * caller cannot take more now (no credit, or the bounded buffer is full): retry after
 * {@link ControlHandler#onReady()}. Exactly one of {@link #end} or {@link #fail} finishes the response.
 */
public interface ResponseSink {

    /** Sends one record; {@code false} means back-pressure, nothing was sent. */
    boolean send(byte[] record);

    /** Finishes the response normally. */
    void end();

    /** Finishes the response with an error the caller receives with this message. */
    void fail(String message);
}
