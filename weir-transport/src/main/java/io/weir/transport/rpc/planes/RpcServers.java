package io.weir.transport.rpc.planes;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.http.HttpRpcServer;
import io.weir.transport.rpc.nats.NatsRpcClient;
import io.weir.transport.rpc.nats.NatsRpcServer;
import io.weir.transport.rpc.tcp.TcpRpcServer;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;

/**
 * The request-plane servers of one service: tcp on {@code WEIR_TCP_REQUEST_HOST:PORT}, http on
 * {@code WEIR_HTTP_RPC_HOST:PORT} and/or a nats subscriber on {@code WEIR_NATS_SUBJECT_PREFIX.WEIR_NATS_SERVICE}
 * (queue group = the service) plus a per-worker subject, for the configured request plane and its fallback.
 * HTTP answers call-home requests when the response plane is tcp; nats always answers over call-home. Thread-safe; {@link #close()} stops everything.
 */
public final class RpcServers implements AutoCloseable {

    private final List<AutoCloseable> resources;
    private final List<TransportEndpoint> endpoints;

    private RpcServers(List<AutoCloseable> resources, List<TransportEndpoint> endpoints) {
        this.resources = resources;
        this.endpoints = List.copyOf(endpoints);
    }

    /** Starts the servers {@code config} asks for, serving {@code handlers} by endpoint name. */
    public static RpcServers start(TransportConfig config, Map<String, RpcHandler> handlers, EventLoopGroup group,
                                   MeterRegistry registry, Clock clock) {
        Set<TransportId> planes = new TreeSet<>();
        planes.add(config.requestPlane());
        config.requestPlaneFallback().ifPresent(planes::add);
        List<AutoCloseable> resources = new ArrayList<>();
        List<TransportEndpoint> endpoints = new ArrayList<>();
        try {
            if (planes.contains(TransportId.TCP)) {
                TransportMetrics metrics = new TransportMetrics(registry, TransportId.TCP, Plane.REQUEST);
                TcpRpcServer tcp = TcpRpcServer.start(group, new InetSocketAddress(config.tcpRequestHost(),
                        config.tcpRequestPort()), config.tcp(), config.tcpRequestMaxConnections(), handlers, metrics);
                resources.add(tcp);
                endpoints.add(new TransportEndpoint(TransportId.TCP, Plane.REQUEST, hostPort(tcp.address()),
                        StandardTransports.TCP, Map.of()));
            }
            if (planes.contains(TransportId.HTTP)) {
                TransportMetrics metrics = new TransportMetrics(registry, TransportId.HTTP, Plane.REQUEST);
                TcpConnectionPool callHome = null;
                if (config.responsePlane() == TransportId.TCP) {
                    callHome = new TcpConnectionPool(new TcpClient(group, config.tcp(), metrics), config.pool(),
                            config.tcp().maxStreamsPerConnection(), group.next(), clock, registry);
                    resources.add(callHome);
                }
                HttpRpcServer http = HttpRpcServer.start(new InetSocketAddress(config.httpRpcHost(),
                        config.httpRpcPort()), config.httpRpcRootPath(), config.httpResponseStreamFormat(),
                        config.httpResponseTimeout(), handlers, callHome, group, config.tls(), metrics);
                resources.add(0, http);
                endpoints.add(new TransportEndpoint(TransportId.HTTP, Plane.REQUEST, config.tls().scheme() + "://"
                        + hostPort(http.address()) + config.httpRpcRootPath(), StandardTransports.HTTP,
                        Map.of("responsePlane", config.responsePlane().wireName(),
                                "format", config.httpResponseStreamFormat().wireName())));
            }
            if (planes.contains(TransportId.NATS)) {
                TransportMetrics metrics = new TransportMetrics(registry, TransportId.NATS, Plane.REQUEST);
                TcpConnectionPool callHome = new TcpConnectionPool(new TcpClient(group, config.tcp(), metrics),
                        config.pool(), config.tcp().maxStreamsPerConnection(), group.next(), clock, registry);
                resources.add(callHome);
                NatsRpcServer nats = NatsRpcServer.start(config.nats(), handlers, callHome, metrics);
                resources.add(0, nats);
                endpoints.add(new TransportEndpoint(TransportId.NATS, Plane.REQUEST, nats.serviceSubject(),
                        StandardTransports.NATS, Map.of("responsePlane", TransportId.TCP.wireName(),
                                "url", config.nats().url(), "workerSubject", nats.workerSubject())));
            }
            return new RpcServers(resources, endpoints);
        } catch (RuntimeException e) {
            new RpcServers(resources, endpoints).close();
            throw e;
        }
    }

    /** What this service advertises in discovery. */
    public List<TransportEndpoint> endpoints() {
        return endpoints;
    }

    /**
     * The bound address of the {@code transport} request server; for nats, this worker's subject as the host of
     * an unresolved address (see {@link NatsRpcClient#target(String)}).
     */
    public InetSocketAddress address(TransportId transport) {
        for (AutoCloseable resource : resources) {
            if (transport == TransportId.TCP && resource instanceof TcpRpcServer tcp) {
                return tcp.address();
            }
            if (transport == TransportId.HTTP && resource instanceof HttpRpcServer http) {
                return http.address();
            }
            if (transport == TransportId.NATS && resource instanceof NatsRpcServer nats) {
                return NatsRpcClient.target(nats.workerSubject()); // the subject as an unresolved host
            }
        }
        throw new IllegalArgumentException("no " + transport + " request server is running");
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(RpcServers.class).warn("closing {} failed", resource, e);
            }
        }
    }
}
