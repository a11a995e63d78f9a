package io.weir.transport.tcp.pool;

import io.netty.util.concurrent.EventExecutor;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The connections to one target. Confined to the pool's executor: every method runs there.
 * Leases count streams in use; a connection with none is idle.
 */
final class TargetPool {

    /** Callers that may wait for capacity when every connection is full, at most. */
    static final int MAX_WAITERS = 1024;

    /** One pooled connection and its lease count. */
    static final class Entry {
        final TcpConnection connection;
        final Instant createdAt;
        int leases;
        Instant idleSince;
        boolean retired;

        Entry(TcpConnection connection, Instant createdAt) {
            this.connection = connection;
            this.createdAt = createdAt;
            this.idleSince = createdAt;
        }
    }

    private final InetSocketAddress target;
    private final PoolSettings settings;
    private final int maxStreamsPerConnection;
    private final TcpClient client;
    private final EventExecutor executor;
    private final Clock clock;
    private final PoolMetrics metrics;
    private final List<Entry> entries = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<PooledConnection>> waiters = new ArrayDeque<>();
    private CompletableFuture<Entry> connecting;

    TargetPool(InetSocketAddress target, PoolSettings settings, int maxStreamsPerConnection, TcpClient client,
               EventExecutor executor, Clock clock, PoolMetrics metrics) {
        this.target = target;
        this.settings = settings;
        this.maxStreamsPerConnection = maxStreamsPerConnection;
        this.client = client;
        this.executor = executor;
        this.clock = clock;
        this.metrics = metrics;
    }

    CompletableFuture<PooledConnection> acquire() {
        assert executor.inEventLoop();
        Entry reusable = settings.enabled() ? pickReusable() : null;
        if (reusable != null) {
            metrics.reused.increment();
            return CompletableFuture.completedFuture(lease(reusable));
        }
        if (settings.enabled() && connecting != null) {
            return connecting.thenComposeAsync(ignored -> acquire(), executor);
        }
        if (entries.size() >= settings.maxPerTarget()) {
            if (waiters.size() >= MAX_WAITERS) {
                return CompletableFuture.failedFuture(new PoolExhaustedException("all " + entries.size()
                        + " connections to " + target + " carry " + maxStreamsPerConnection + " streams and "
                        + waiters.size() + " callers wait; raise WEIR_TCP_POOL_MAX_PER_TARGET"));
            }
            CompletableFuture<PooledConnection> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
        return connect().thenApply(this::lease);
    }

    /** Hands freed capacity to waiting callers, oldest first; a caller that gave up is skipped. */
    private void serveWaiters() {
        while (!waiters.isEmpty()) {
            if (waiters.peek().isDone()) {
                waiters.poll();
                continue;
            }
            Entry entry = settings.enabled() ? pickReusable() : null;
            if (entry != null) {
                metrics.reused.increment();
                waiters.poll().complete(lease(entry));
            } else if (entries.size() < settings.maxPerTarget() && connecting == null) {
                CompletableFuture<PooledConnection> waiter = waiters.poll();
                connect().thenApply(this::lease).whenComplete((lease, error) -> {
                    if (error != null) {
                        waiter.completeExceptionally(error);
                    } else if (!waiter.complete(lease)) {
                        lease.close(); // the caller gave up meanwhile
                    }
                }).whenCompleteAsync((lease, error) -> serveWaiters(), executor); // room for more on it?
                return;
            } else {
                return;
            }
        }
    }

    private CompletableFuture<Entry> connect() {
        CompletableFuture<Entry> result = client.connect(target).thenApplyAsync(this::add, executor);
        connecting = result;
        result.whenCompleteAsync((entry, error) -> {
            if (connecting == result) {
                connecting = null;
            }
        }, executor);
        return result;
    }

    private Entry add(TcpConnection connection) {
        Entry entry = new Entry(connection, clock.instant());
        entries.add(entry);
        metrics.created.increment();
        metrics.idle.incrementAndGet();
        connection.closeFuture().thenRunAsync(() -> remove(entry), executor);
        return entry;
    }

    /** The least-loaded valid connection with room for a stream, retiring invalid ones on the way. */
    private Entry pickReusable() {
        Entry best = null;
        Instant now = clock.instant();
        for (Entry entry : List.copyOf(entries)) {
            if (entry.retired) {
                continue;
            }
            if (entry.connection.isGoingAway()) {
                retire(entry); // the peer is shutting down gracefully: not a failure
            } else if (!entry.connection.isHealthy()) {
                metrics.validationFailures.increment();
                retire(entry);
            } else if (!now.isBefore(entry.createdAt.plus(settings.maxLifetime()))) {
                retire(entry);
            } else if (entry.leases < maxStreamsPerConnection && (best == null || entry.leases < best.leases)) {
                best = entry;
            }
        }
        return best;
    }

    private PooledConnection lease(Entry entry) {
        if (entry.leases++ == 0) {
            metrics.idle.decrementAndGet();
            metrics.active.incrementAndGet();
        }
        return new PooledConnection(entry, this);
    }

    /** Called from any thread when a lease ends. */
    void release(Entry entry) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> release(entry));
            return;
        }
        if (--entry.leases == 0 && entries.contains(entry)) {
            metrics.active.decrementAndGet();
            metrics.idle.incrementAndGet();
            entry.idleSince = clock.instant();
            if (entry.retired || !settings.enabled()) {
                close(entry);
            }
        }
        serveWaiters();
    }

    /** Closes what is expired or idle too long, then opens connections up to {@code minIdle}. */
    void maintain() {
        Instant now = clock.instant();
        int idle = (int) entries.stream().filter(e -> e.leases == 0).count();
        for (Iterator<Entry> it = List.copyOf(entries).iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.leases > 0) {
                continue;
            }
            boolean expired = !now.isBefore(entry.createdAt.plus(settings.maxLifetime()));
            boolean idleTooLong = !now.isBefore(entry.idleSince.plus(settings.idleTimeout()));
            if (!entry.connection.isHealthy() || expired || (idleTooLong && idle > settings.minIdle())) {
                close(entry);
                idle--;
            }
        }
        if (settings.enabled() && connecting == null && entries.size() < settings.minIdle()) {
            connect().exceptionally(error -> null);
        }
    }

    private void retire(Entry entry) {
        entry.retired = true;
        if (entry.leases == 0) {
            close(entry);
        }
    }

    private void close(Entry entry) {
        remove(entry);
        entry.connection.close();
    }

    private void remove(Entry entry) {
        if (entries.remove(entry)) {
            if (entry.leases == 0) {
                metrics.idle.decrementAndGet();
            } else {
                metrics.active.decrementAndGet();
            }
            serveWaiters();
        }
    }

    int size() {
        return entries.size();
    }

    void closeAll() {
        CompletableFuture<PooledConnection> waiter;
        while ((waiter = waiters.poll()) != null) {
            waiter.completeExceptionally(new PoolExhaustedException("the pool for " + target + " closed"));
        }
        for (Entry entry : List.copyOf(entries)) {
            close(entry);
        }
    }

    Duration maintenanceInterval() {
        return settings.idleTimeout().compareTo(Duration.ofSeconds(1)) < 0 ? settings.idleTimeout()
                : Duration.ofSeconds(1);
    }
}
