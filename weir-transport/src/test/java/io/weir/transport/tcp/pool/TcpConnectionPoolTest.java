package io.weir.transport.tcp.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpConnectionPoolTest {

    private static EventLoopGroup group;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.REQUEST);
    private TcpServer server;
    private TcpConnectionPool pool;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void startServer() {
        server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS,
                (stream, body) -> { throw new IllegalStateException("unused"); }, metrics);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    private TcpConnectionPool pool(PoolSettings settings, int maxStreams, TcpSettings tcp) {
        pool = new TcpConnectionPool(new TcpClient(group, tcp, metrics), settings, maxStreams, group.next(), clock,
                registry);
        return pool;
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void leasesShareOneMultiplexedConnection() {
        pool(PoolSettings.DEFAULTS.withSizes(4, 0), 100, TcpSettings.DEFAULTS);
        PooledConnection first = pool.acquire(server.address()).join();
        PooledConnection second = pool.acquire(server.address()).join();
        assertThat(second.connection()).isSameAs(first.connection());
        assertThat(counter("weir.tcp.pool.connections.opened")).isEqualTo(1);
        assertThat(counter("weir.tcp.pool.connections.reused")).isEqualTo(1);
        assertThat(gauge("weir.tcp.pool.active.connections")).isEqualTo(1);
        first.close();
        second.close();
        await().until(() -> gauge("weir.tcp.pool.idle.connections") == 1);
        PooledConnection third = pool.acquire(server.address()).join();
        assertThat(third.connection()).isSameAs(first.connection());
        assertThat(registry.get("weir.tcp.pool.acquisition.latency").timer().count()).isEqualTo(3);
    }

    @Test
    void fullConnectionsLeadToNewOnesUpToTheLimitThenCallersWait() {
        pool(PoolSettings.DEFAULTS.withSizes(2, 0), 1, TcpSettings.DEFAULTS);
        PooledConnection a = pool.acquire(server.address()).join();
        PooledConnection b = pool.acquire(server.address()).join();
        assertThat(b.connection()).isNotSameAs(a.connection());
        CompletableFuture<PooledConnection> gaveUp = pool.acquire(server.address());
        CompletableFuture<PooledConnection> waiting = pool.acquire(server.address());
        gaveUp.cancel(false);
        assertThat(waiting).isNotDone();
        a.close(); // first offered to the caller that gave up, whose lease comes straight back
        assertThat(waiting.join().connection()).isSameAs(a.connection());
        assertThat(counter("weir.tcp.pool.connections.opened")).isEqualTo(2);
    }

    @Test
    void waitingCallersAreBounded() {
        pool(PoolSettings.DEFAULTS.withSizes(1, 0), 1, TcpSettings.DEFAULTS);
        pool.acquire(server.address()).join();
        // Calls may reach the pool in another order than made (one can be re-queued behind a finishing connect),
        // so exactly one of MAX_WAITERS + 1 callers is refused, whichever comes last.
        var callers = new java.util.ArrayList<CompletableFuture<PooledConnection>>();
        for (int i = 0; i <= TargetPool.MAX_WAITERS; i++) {
            callers.add(pool.acquire(server.address()));
        }
        await().until(() -> callers.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
        var refused = callers.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
        assertThat(refused).hasSize(1);
        assertThatThrownBy(() -> refused.get(0).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("1024 callers wait; raise WEIR_TCP_POOL_MAX_PER_TARGET");
        assertThat(callers.stream().filter(c -> !c.isDone())).hasSize(TargetPool.MAX_WAITERS);
    }

    @Test
    void idleConnectionsAboveMinIdleCloseAfterTheIdleTimeout() {
        pool(PoolSettings.DEFAULTS.withSizes(4, 1).withTimeouts(Duration.ofSeconds(10), Duration.ofHours(1)), 1,
                TcpSettings.DEFAULTS);
        PooledConnection a = pool.acquire(server.address()).join();
        PooledConnection b = pool.acquire(server.address()).join();
        a.close();
        b.close();
        pool.maintain().join();
        assertThat(pool.size(server.address()).join()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(11));
        pool.maintain().join();
        assertThat(pool.size(server.address()).join()).isEqualTo(1);
        await().until(() -> server.connectionCount() == 1);
    }

    @Test
    void connectionsPastTheirLifetimeAreNotReused() {
        pool(PoolSettings.DEFAULTS.withSizes(4, 0).withTimeouts(Duration.ofHours(1), Duration.ofSeconds(60)), 10,
                TcpSettings.DEFAULTS);
        PooledConnection old = pool.acquire(server.address()).join();
        old.close();
        clock.advance(Duration.ofSeconds(61));
        PooledConnection fresh = pool.acquire(server.address()).join();
        assertThat(fresh.connection()).isNotSameAs(old.connection());
        await().until(() -> !old.connection().isActive());
        assertThat(counter("weir.tcp.pool.connections.opened")).isEqualTo(2);
    }

    @Test
    void minIdleConnectionsAreOpenedAhead() {
        pool(PoolSettings.DEFAULTS.withSizes(4, 3), 10, TcpSettings.DEFAULTS);
        pool.acquire(server.address()).join().close();
        await().until(() -> {
            pool.maintain().join();
            return pool.size(server.address()).join() == 3;
        });
        await().until(() -> server.connectionCount() == 3);
    }

    @Test
    void closedConnectionsLeaveThePool() {
        pool(PoolSettings.DEFAULTS.withSizes(4, 0), 10, TcpSettings.DEFAULTS);
        PooledConnection lease = pool.acquire(server.address()).join();
        lease.close();
        server.close();
        await().until(() -> pool.size(server.address()).join() == 0);
    }

    @Test
    void unhealthyConnectionsFailValidationAndAreReplaced() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> holdConnections(silent));
            TcpSettings tcp = TcpSettings.DEFAULTS.withHeartbeat(20, 1_000_000);
            pool(PoolSettings.DEFAULTS.withSizes(4, 0), 10, tcp);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            PooledConnection first = pool.acquire(target).join();
            first.close();
            await().until(() -> !first.connection().isHealthy());
            PooledConnection second = pool.acquire(target).join();
            assertThat(second.connection()).isNotSameAs(first.connection());
            assertThat(counter("weir.tcp.pool.validation.failures")).isEqualTo(1);
            await().until(() -> !first.connection().isActive());
            second.close();
            pool.close();
            pool = null;
            acceptor.interrupt();
        }
    }

    @Test
    void disabledPoolDialsForEveryLeaseAndClosesOnRelease() {
        pool(PoolSettings.DEFAULTS.withEnabled(false), 10, TcpSettings.DEFAULTS);
        PooledConnection a = pool.acquire(server.address()).join();
        PooledConnection b = pool.acquire(server.address()).join();
        assertThat(b.connection()).isNotSameAs(a.connection());
        TcpConnection first = a.connection();
        a.close();
        await().until(() -> !first.isActive());
    }

    private static void holdConnections(ServerSocket server) {
        java.util.List<Socket> held = new java.util.ArrayList<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                held.add(server.accept());
            }
        } catch (IOException closed) {
            // test over
        }
    }

}
