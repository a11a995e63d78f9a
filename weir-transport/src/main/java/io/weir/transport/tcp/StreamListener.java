package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.weir.transport.TransportException;

/**
 * Receives one stream's events. Every method runs on the connection's event loop and must not block.
 * Records arrive only as far as the listener granted credit with {@link TcpStream#request(long)}.
 */
public interface StreamListener {

    /**
     * One record: the buffer's readable bytes, valid only during the call. The same buffer object may be
     * reused for the next record; keep a record with {@code retainedSlice()} or a copy.
     */
    void onRecord(ByteBuf record);

    /** The peer sent its last record. */
    void onEnd();

    /** The stream failed: the peer's handler failed, the peer aborted, or the connection was lost. */
    void onError(TransportException error);

    /** The peer granted credit after this side had run out: {@link TcpStream#offer} may succeed again. */
    default void onWritable() {
    }

    /**
     * Both halves have ended normally (this side's END has been written, the peer's arrived or was never to come):
     * the stream is finished and gone from the connection. Not called when it fails; {@link #onError} is.
     */
    default void onDone() {
    }

    /** The peer asked this side to stop sending: gracefully (finish, then {@link TcpStream#end()}) or not. */
    default void onCancel(boolean graceful) {
    }
}
