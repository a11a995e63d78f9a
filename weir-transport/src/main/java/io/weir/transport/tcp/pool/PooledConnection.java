package io.weir.transport.tcp.pool;

import io.weir.transport.tcp.TcpConnection;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease on a pooled connection: use {@link #connection()} for streams, then {@link #close()} to hand
 * the lease back. Many leases share one multiplexed connection. Thread-safe.
 */
public final class PooledConnection implements AutoCloseable {

    private final TargetPool.Entry entry;
    private final TargetPool pool;
    private final AtomicBoolean released = new AtomicBoolean();

    PooledConnection(TargetPool.Entry entry, TargetPool pool) {
        this.entry = entry;
        this.pool = pool;
    }

    /** The leased connection. */
    public TcpConnection connection() {
        return entry.connection;
    }

    /** When the underlying connection was opened. */
    public Instant createdAt() {
        return entry.createdAt;
    }

    /** Returns the lease; the connection stays open for reuse. Idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            pool.release(entry);
        }
    }
}
