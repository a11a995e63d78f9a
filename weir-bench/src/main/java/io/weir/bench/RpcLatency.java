package io.weir.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.http.HttpRpcClient;
import io.weir.transport.rpc.http.HttpRpcServer;
import io.weir.transport.rpc.tcp.TcpRpcClient;
import io.weir.transport.rpc.tcp.TcpRpcServer;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Round trips through the request planes: 100-byte request, one 100-byte record back, TCP or HTTP, pooled or not. */
final class RpcLatency {

    enum Plane { TCP_POOLED, TCP_NEW_CONNECTION, HTTP_POOLED, HTTP_NEW_CONNECTION }

    private static final RpcHandler ECHO = (request, response) -> {
        response.send(request.body());
        response.end();
        return ControlHandler.NONE;
    };

    static Histogram run(BenchConfig config, Plane plane) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, io.weir.core.transport.Plane.REQUEST);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        boolean tcp = plane == Plane.TCP_POOLED || plane == Plane.TCP_NEW_CONNECTION;
        boolean pooled = plane == Plane.TCP_POOLED || plane == Plane.HTTP_POOLED;
        AutoCloseable server;
        InetSocketAddress target;
        RpcClient client;
        TcpConnectionPool pool = null;
        if (tcp) {
            TcpRpcServer s = TcpRpcServer.start(serverGroup, any, TcpSettings.DEFAULTS, Map.of("echo", ECHO), metrics);
            server = s;
            target = s.address();
            pool = new TcpConnectionPool(new TcpClient(clientGroup, TcpSettings.DEFAULTS, metrics),
                    PoolSettings.DEFAULTS.withEnabled(pooled).withSizes(4, 0), TcpSettings.DEFAULTS.maxStreamsPerConnection(),
                    clientGroup.next(), Clock.systemUTC(), new SimpleMeterRegistry());
            client = new TcpRpcClient(pool, metrics);
        } else {
            HttpRpcServer s = HttpRpcServer.start(any, "/v1/rpc", StreamFormat.BINARY, Map.of("echo", ECHO), metrics);
            server = s;
            target = s.address();
            client = new HttpRpcClient("/v1/rpc", 4, pooled, metrics);
        }
        try {
            int roundTrips = pooled ? config.roundTrips() : Math.max(1000, config.roundTrips() / 10);
            RpcRequest request = new RpcRequest("echo", Map.of(), new byte[config.recordBytes()]);
            Histogram histogram = new Histogram(3);
            int warmup = roundTrips / 2;
            for (int i = 0; i < warmup + roundTrips; i++) {
                long start = System.nanoTime();
                Reply reply = new Reply();
                client.call(target, request, 1, reply);
                reply.join();
                if (i >= warmup) {
                    histogram.recordValue((System.nanoTime() - start) / 1000);
                }
            }
            return histogram;
        } finally {
            client.close();
            if (pool != null) {
                pool.close();
            }
            server.close();
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Completes at the response's end. */
    private static final class Reply extends CompletableFuture<Void> implements ResponseListener {
        @Override
        public void onRecord(byte[] record) {
        }

        @Override
        public void onEnd() {
            complete(null);
        }

        @Override
        public void onError(TransportException error) {
            completeExceptionally(error);
        }
    }
}
