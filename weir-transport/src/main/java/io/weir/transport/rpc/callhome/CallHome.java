package io.weir.transport.rpc.callhome;

import io.netty.buffer.ByteBuf;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.pool.PooledConnection;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's side of a call-home response (the TCP response plane behind the http and nats request
 * planes): records go over a TCP stream the worker opened to the caller's response server; the caller's
 * CREDIT and CANCEL frames become ready, stop and kill. The request carries the headers named here.
 */
public final class CallHome {

    /** Request header: where the caller's TCP response server listens ({@code host:port}). */
    public static final String RESPONSE_ADDRESS = "X-Weir-Response-Address";
    /** Request header: the id the worker's OPEN must carry so the caller can match the stream. */
    public static final String RESPONSE_ID = "X-Weir-Response-Id";
    /** Request header: the credit the caller grants as soon as the worker's stream arrives. */
    public static final String INITIAL_CREDIT = "X-Weir-Initial-Credit";
    /** OPEN parameter carrying the response id. */
    public static final String RESPONSE_ID_PARAM = "responseId";
    /** Records a worker holds before the caller's first CREDIT arrives, at most. */
    public static final int MAX_EARLY_RECORDS = 1024;

    private CallHome() {
    }

    /**
     * Answers {@code request} over a stream opened through {@code pool} to the caller's response server at
     * {@code caller}: once the stream is open the handler starts (a throwing handler fails the response).
     * Completes when the handler has started, or exceptionally when the caller cannot be reached (then the
     * handler never ran and the request plane must tell the caller itself).
     */
    public static CompletableFuture<Void> answer(TcpConnectionPool pool, InetSocketAddress caller, String responseId,
                                                 int promised, RpcHandler handler, RpcRequest request,
                                                 TransportMetrics metrics) {
        return pool.acquire(caller).thenAccept(lease -> {
            Control control = new Control();
            TcpStream stream = lease.connection().openDuplex(Map.of(RESPONSE_ID_PARAM, responseId), control);
            Sink sink = new Sink(stream, lease, promised);
            try {
                control.attach(sink, handler.handle(request, sink));
            } catch (RuntimeException e) {
                metrics.error(TransportMetrics.ErrorType.HANDLER);
                sink.fail(request.endpoint() + " failed: " + e.getMessage());
            }
        });
    }

    /**
     * Writes to the stream; returns the pool lease when the response finishes. Until the caller's first
     * CREDIT arrives (one round trip after the OPEN), it holds up to the credit the caller promised in
     * {@link #INITIAL_CREDIT} (at most {@link #MAX_EARLY_RECORDS}), so a handler may answer at once.
     */
    static final class Sink implements ResponseSink {
        private final TcpStream stream;
        private final PooledConnection lease;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final int promised;
        // Guarded by this until credited: records, then an end or failure, waiting for the first credit.
        private final ArrayDeque<byte[]> early = new ArrayDeque<>();
        private boolean credited;
        private boolean endPending;
        private String failurePending;

        Sink(TcpStream stream, PooledConnection lease, int promised) {
            this.stream = stream;
            this.lease = lease;
            this.promised = Math.min(Math.max(promised, 0), MAX_EARLY_RECORDS);
        }

        @Override
        public boolean send(byte[] record) {
            synchronized (this) {
                if (!credited) {
                    if (early.size() < promised) {
                        early.add(record);
                        return true;
                    }
                    return false;
                }
            }
            return stream.offer(record);
        }

        /** The caller's first credit arrived: send what was held, in order. */
        synchronized void credited() {
            if (credited) {
                return;
            }
            byte[] record;
            while ((record = early.poll()) != null) {
                stream.offer(record);
            }
            credited = true;
            if (endPending) {
                stream.end();
            } else if (failurePending != null) {
                stream.fail(failurePending);
            }
        }

        @Override
        public void end() {
            if (finished.compareAndSet(false, true)) {
                synchronized (this) {
                    if (!credited && !early.isEmpty()) {
                        endPending = true;
                    } else {
                        stream.end();
                    }
                }
                lease.close();
            }
        }

        @Override
        public void fail(String message) {
            if (finished.compareAndSet(false, true)) {
                synchronized (this) {
                    if (!credited && !early.isEmpty()) {
                        failurePending = message;
                    } else {
                        stream.fail(message);
                    }
                }
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
        private volatile boolean aborted;

        void attach(Sink sink, ControlHandler handler) {
            this.sink = sink;
            this.handler = handler == null ? ControlHandler.NONE : handler;
            if (aborted) { // the stream failed before the handler existed
                sink.aborted();
                this.handler.onKill();
                return;
            }
            if (sink.stream.credits() > 0) {
                sink.credited(); // credit may have arrived before the handler existed
                this.handler.onReady();
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
            Sink s = sink;
            if (s != null) {
                s.credited();
            }
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
            aborted = true;
            Sink s = sink;
            if (s != null) {
                s.aborted();
            }
            handler.onKill();
        }
    }
}
