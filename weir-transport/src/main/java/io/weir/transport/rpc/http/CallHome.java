package io.weir.transport.rpc.http;

import io.netty.buffer.ByteBuf;
import io.weir.transport.TransportException;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.pool.PooledConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's side of a call-home response: records go over a TCP stream the worker opened to the
 * caller's response server; the caller's CREDIT and CANCEL frames become ready, stop and kill.
 */
final class CallHome {

    /** Request header: where the caller's TCP response server listens ({@code host:port}). */
    static final String RESPONSE_ADDRESS = "X-Weir-Response-Address";
    /** Request header: the id the worker's OPEN must carry so the caller can match the stream. */
    static final String RESPONSE_ID = "X-Weir-Response-Id";
    /** OPEN parameter carrying the response id. */
    static final String RESPONSE_ID_PARAM = "responseId";

    private CallHome() {
    }

    /** Writes to the stream; returns the pool lease when the response finishes. */
    static final class Sink implements ResponseSink {
        private final TcpStream stream;
        private final PooledConnection lease;
        private final AtomicBoolean finished = new AtomicBoolean();

        Sink(TcpStream stream, PooledConnection lease) {
            this.stream = stream;
            this.lease = lease;
        }

        @Override
        public boolean send(byte[] record) {
            return stream.offer(record);
        }

        @Override
        public void end() {
            if (finished.compareAndSet(false, true)) {
                stream.end();
                lease.close();
            }
        }

        @Override
        public void fail(String message) {
            if (finished.compareAndSet(false, true)) {
                stream.fail(message);
                lease.close();
            }
        }

        void aborted() {
            if (finished.compareAndSet(false, true)) {
                lease.close();
            }
        }
    }

    /** Relays the caller's control frames to the handler, once it exists. */
    static final class Control implements StreamListener {
        private volatile ControlHandler handler = ControlHandler.NONE;
        private volatile Sink sink;

        void attach(Sink sink, ControlHandler handler) {
            this.sink = sink;
            this.handler = handler == null ? ControlHandler.NONE : handler;
            if (sink.stream.credits() > 0) {
                this.handler.onReady(); // credit may have arrived before the handler existed
            }
        }

        @Override
        public void onRecord(ByteBuf record) {
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onError(TransportException error) {
            abort();
        }

        @Override
        public void onWritable() {
            handler.onReady();
        }

        @Override
        public void onCancel(boolean graceful) {
            if (graceful) {
                handler.onStop();
            } else {
                abort();
            }
        }

        private void abort() {
            Sink s = sink;
            if (s != null) {
                s.aborted();
            }
            handler.onKill();
        }
    }
}
