package io.weir.transport.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters scrape under the names issue 4 and the seed's dashboards use. */
class PrometheusNamesTest {

    @Test
    void transportAndPoolMetersHaveTheirPrometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TransportMetrics metrics = new TransportMetrics(registry, TransportId.TCP, Plane.REQUEST);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TcpServer server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS,
                (stream, body) -> { throw new IllegalStateException("unused"); }, metrics);
             TcpConnectionPool pool = new TcpConnectionPool(new TcpClient(group, TcpSettings.DEFAULTS, metrics),
                     PoolSettings.DEFAULTS.withSizes(2, 0), 10, group.next(), Clock.systemUTC(), registry)) {
            pool.acquire(server.address()).join().close();
            metrics.request();
            metrics.error(TransportMetrics.ErrorType.PROTOCOL);
            String scrape = registry.scrape();
            String target = "target=\"127.0.0.1:" + server.address().getPort() + "\"";
            assertThat(scrape).contains(
                    "weir_tcp_pool_connections_opened_total{" + target + "} 1.0",
                    "weir_tcp_pool_connections_reused_total{" + target + "}",
                    "weir_tcp_pool_active_connections{" + target + "}",
                    "weir_tcp_pool_idle_connections{" + target + "}",
                    "weir_tcp_pool_acquisition_latency_seconds_count{" + target + "} 1",
                    "weir_tcp_pool_validation_failures_total{" + target + "}",
                    "weir_transport_requests_total{plane=\"request\",transport=\"tcp\"} 1.0",
                    "weir_transport_request_latency_seconds_count{plane=\"request\",transport=\"tcp\"}",
                    "weir_transport_errors_total{error_type=\"protocol\",transport=\"tcp\"} 1.0",
                    "weir_transport_active_streams{plane=\"request\",transport=\"tcp\"}",
                    "weir_transport_bytes_in_total", "weir_transport_bytes_out_total",
                    "weir_transport_records_in_total", "weir_transport_records_out_total",
                    "weir_transport_credit_stalls_total");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
