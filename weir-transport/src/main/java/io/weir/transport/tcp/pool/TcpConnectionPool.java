package io.weir.transport.tcp.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.transport.tcp.TcpClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.concurrent.TimeUnit;

/**
 * Persistent, multiplexed connections per target, reused after validation (open socket, heartbeats
 * answered, younger than the maximum lifetime). Thread-safe: all state lives on one executor.
 */
public final class TcpConnectionPool implements AutoCloseable {

    private final TcpClient client;
    private final PoolSettings settings;
    private final int maxStreamsPerConnection;
    private final EventExecutor executor;
    private final Clock clock;
    private final MeterRegistry registry;
    // Executor only.
    private final Map<InetSocketAddress, TargetPool> pools = new HashMap<>();
    private final Map<InetSocketAddress, PoolMetrics> metrics = new HashMap<>();
    private final ScheduledFuture<?> maintenance;

    /**
     * A pool dialing with {@code client}, keeping its state on {@code executor} (one event loop), reading
     * time from {@code clock}; idle and lifetime checks run every second.
     */
    public TcpConnectionPool(TcpClient client, PoolSettings settings, int maxStreamsPerConnection,
                             EventExecutor executor, Clock clock, MeterRegistry registry) {
        this.client = Objects.requireNonNull(client, "client").withKeepalive(settings.keepalive());
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxStreamsPerConnection = maxStreamsPerConnection;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        long periodMillis = Math.min(1000, settings.idleTimeout().toMillis());
        this.maintenance = executor.scheduleWithFixedDelay(this::maintainNow, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Leases a connection to {@code target}: a valid pooled one with room for a stream, or a new one. */
    public CompletableFuture<PooledConnection> acquire(InetSocketAddress target) {
        CompletableFuture<PooledConnection> result = new CompletableFuture<>();
        acquire(target, (lease, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (!result.complete(lease)) {
                lease.close(); // the caller cancelled or timed out meanwhile
            }
        });
        return result;
    }

    /**
     * Leases a connection and hands it (or the failure) to {@code callback}. When a pooled connection is
     * ready the callback runs at once on the pool's executor, in the same task: a caller that opens its
     * stream there saves a thread handoff per request.
     */
    public void acquire(InetSocketAddress target, BiConsumer<PooledConnection, Throwable> callback) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(callback, "callback");
        long start = System.nanoTime();
        Runnable task = () -> {
            TargetPool pool = pool(target);
            Timer latency = metrics.get(target).acquisitionLatency;
            pool.acquire().whenComplete((lease, error) -> {
                if (lease != null) {
                    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                callback.accept(lease, error instanceof CompletionException ce && ce.getCause() != null
                        ? ce.getCause() : error);
            });
        };
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** Runs idle/lifetime checks and the minimum-idle top-up now; normally run every second. */
    public CompletableFuture<Void> maintain() {
        return CompletableFuture.runAsync(this::maintainNow, executor);
    }

    /** Connections currently pooled for {@code target} (idle and active). */
    public CompletableFuture<Integer> size(InetSocketAddress target) {
        return CompletableFuture.supplyAsync(() -> pools.containsKey(target) ? pools.get(target).size() : 0, executor);
    }

    private void maintainNow() {
        pools.values().forEach(TargetPool::maintain);
    }

    private TargetPool pool(InetSocketAddress target) {
        return pools.computeIfAbsent(target, t -> new TargetPool(t, settings, maxStreamsPerConnection, client,
                executor, clock, metricsFor(t)));
    }

    private PoolMetrics metricsFor(InetSocketAddress target) {
        return metrics.computeIfAbsent(target, t -> new PoolMetrics(registry, t.getHostString() + ":" + t.getPort()));
    }

    /** Closes every pooled connection; streams on them see a connection loss. */
    @Override
    public void close() {
        maintenance.cancel(false);
        CompletableFuture.runAsync(() -> pools.values().forEach(TargetPool::closeAll), executor).join();
    }
}
