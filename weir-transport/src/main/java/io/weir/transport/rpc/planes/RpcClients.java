package io.weir.transport.rpc.planes;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.registry.PlaneSelection;
import io.weir.transport.registry.TransportRegistration;
import io.weir.transport.registry.TransportRegistry;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.http.CallHomeRpcClient;
import io.weir.transport.rpc.http.HttpRpcClient;
import io.weir.transport.rpc.nats.NatsRpcClient;
import io.weir.transport.rpc.tcp.TcpRpcClient;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/** Builds the caller's {@link RpcClient} for the configured planes, after checking them against the registry. */
public final class RpcClients {

    private RpcClients() {
    }

    /**
     * The client for {@code WEIR_REQUEST_PLANE} / {@code WEIR_RESPONSE_PLANE} (or the explicit fallback),
     * which must offer {@code required}; otherwise fails naming the variable and the missing capability.
     */
    public static RpcClient create(TransportConfig config, TransportRegistry transports, TransportCapabilities required,
                                   EventLoopGroup group, MeterRegistry registry, Clock clock) {
        TransportRegistration request = new PlaneSelection(transports, config).requestPlane(required);
        TransportMetrics metrics = new TransportMetrics(registry, request.id(), Plane.REQUEST);
        if (request.id() == TransportId.TCP) {
            TcpClient dialer = new TcpClient(group, config.tcp(), metrics).withConnectTimeout(config.tcpRequestTimeout());
            TcpConnectionPool pool = new TcpConnectionPool(dialer, config.pool(),
                    config.tcp().maxStreamsPerConnection(), group.next(), clock, registry);
            return new PoolOwningClient(new TcpRpcClient(pool, metrics), pool);
        }
        if (request.id() == TransportId.NATS) { // answers over the tcp response plane (call-home) only
            new PlaneSelection(transports, config.withResponsePlane(TransportId.TCP))
                    .responsePlane(new TransportCapabilities(true, false, false, null));
            return new NatsRpcClient(config.nats(), group, new InetSocketAddress(config.tcpResponseHost(), 0),
                    advertisedHost(config.tcpResponseHost()), config.tcp(), metrics);
        }
        new PlaneSelection(transports, config).responsePlane(new TransportCapabilities(true, false, false, null));
        if (config.responsePlane() == TransportId.HTTP) {
            return new HttpRpcClient(config.httpRpcRootPath(), config.pool().maxPerTarget(), config.pool().enabled(),
                    group, config.httpKeepAlive(), config.httpMaxMissedKeepAlives(), config.httpRequestTimeout(), config.tls(),
                    metrics);
        }
        return new CallHomeRpcClient(group, new InetSocketAddress(config.tcpResponseHost(), 0),
                advertisedHost(config.tcpResponseHost()), config.tcp(), config.httpRpcRootPath(),
                config.httpRequestTimeout(), config.tls(), metrics);
    }

    private static String advertisedHost(String bindHost) {
        try {
            InetAddress address = InetAddress.getByName(bindHost);
            return address.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : bindHost;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("WEIR_TCP_RESPONSE_HOST: " + bindHost + " (expected: a resolvable host)",
                    e);
        }
    }

    /** A TCP client that also closes the pool it was built with. */
    private record PoolOwningClient(TcpRpcClient client, TcpConnectionPool pool) implements RpcClient {
        @Override
        public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
            return client.call(target, request, initialCredit, listener);
        }

        @Override
        public void prepare(InetSocketAddress target) {
            client.prepare(target);
        }

        @Override
        public void close() {
            client.close();
            pool.close();
        }
    }
}
