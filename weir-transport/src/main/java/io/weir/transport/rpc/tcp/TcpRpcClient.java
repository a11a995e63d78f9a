package io.weir.transport.rpc.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.frame.ErrorCode;
import io.weir.transport.tcp.pool.PooledConnection;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends requests as OPENs on pooled connections; each response holds its lease until it finishes. */
public final class TcpRpcClient implements RpcClient {

    private final TcpConnectionPool pool;
    private final TransportMetrics metrics;

    /** A client leasing connections from {@code pool}; the client does not own the pool. */
    public TcpRpcClient(TcpConnectionPool pool, TransportMetrics metrics) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
        Objects.requireNonNull(listener, "listener");
        metrics.request();
        Map<String, String> params = new HashMap<>(request.params());
        params.put(TcpRpcServer.ENDPOINT, request.endpoint());
        TcpCall call = new TcpCall();
        long start = System.nanoTime();
        pool.acquire(target, (lease, error) -> { // on the pool's loop: open in the same task
            if (error != null) {
                metrics.error(TransportMetrics.ErrorType.CONNECTION);
                listener.onError(error instanceof TransportException te ? te
                        : new TransportException("cannot reach " + target + ": " + error.getMessage(), error));
                return;
            }
            Relay relay = new Relay(listener, lease, start);
            int credit = (int) Math.min(Integer.MAX_VALUE, initialCredit);
            call.lease = lease;
            call.stream.complete(lease.connection().open(params, Unpooled.wrappedBuffer(request.body()), credit, relay));
        });
        return call;
    }

    /** Leaves a connection to {@code target} idle in the pool (a failed dial is forgotten: the call will say why). */
    @Override
    public void prepare(InetSocketAddress target) {
        pool.acquire(target, (lease, error) -> {
            if (lease != null) {
                lease.close();
            }
        });
    }

    @Override
    public void close() {
        // the pool belongs to the caller
    }

    /** The caller's handle; acts once the stream exists. */
    private static final class TcpCall implements Call {
        final CompletableFuture<TcpStream> stream = new CompletableFuture<>();
        volatile PooledConnection lease;

        @Override
        public void request(long n) {
            stream.thenAccept(s -> s.request(n));
        }

        @Override
        public void stop() {
            stream.thenAccept(s -> s.cancel(true));
        }

        @Override
        public void kill() {
            stream.thenAccept(s -> {
                s.cancel(false);
                lease.close(); // a killed stream reports nothing more, so its lease ends here
            });
        }
    }

    /** Passes the response to the caller's listener and returns the lease when it finishes. */
    private final class Relay implements StreamListener {
        private final ResponseListener listener;
        private final PooledConnection lease;
        private final long start;

        Relay(ResponseListener listener, PooledConnection lease, long start) {
            this.listener = listener;
            this.lease = lease;
            this.start = start;
        }

        @Override
        public void onRecord(ByteBuf record) {
            listener.onRecord(ByteBufUtil.getBytes(record));
        }

        @Override
        public void onEnd() {
            lease.close();
            metrics.requestLatency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            listener.onEnd();
        }

        @Override
        public void onError(TransportException error) {
            lease.close();
            if (error instanceof StreamException se
                    && (se.code() == ErrorCode.HANDLER || se.code() == ErrorCode.NOT_FOUND)) {
                metrics.error(TransportMetrics.ErrorType.HANDLER);
                listener.onError(new RpcException(se.getMessage()));
            } else {
                metrics.error(TransportMetrics.ErrorType.CONNECTION);
                listener.onError(error);
            }
        }

        @Override
        public void onCancel(boolean graceful) {
            // the server never cancels a response it receives nothing on
        }
    }
}
