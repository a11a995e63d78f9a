package io.weir.transport.tcp.pool;

import java.time.Duration;

/**
 * Connection pool limits; immutable, validated on construction. Names mirror {@code WEIR_TCP_POOL_*}.
 *
 * @param enabled reuse connections; when false every acquire dials a new connection (default true)
 * @param maxPerTarget connections per target at most (default 50)
 * @param minIdle connections kept open per known target even when unused (default 5)
 * @param idleTimeout an unused connection above {@code minIdle} closes after this long (default 300 s)
 * @param maxLifetime a connection older than this is not reused and closes once unused (default 3600 s)
 * @param keepalive TCP keepalive idle time on pooled sockets (default 60 s)
 */
public record PoolSettings(boolean enabled, int maxPerTarget, int minIdle, Duration idleTimeout,
                           Duration maxLifetime, Duration keepalive) {

    /** The defaults listed above. */
    public static final PoolSettings DEFAULTS = new PoolSettings(true, 50, 5, Duration.ofSeconds(300),
            Duration.ofSeconds(3600), Duration.ofSeconds(60));

    public PoolSettings {
        if (maxPerTarget <= 0) {
            throw new IllegalArgumentException("maxPerTarget: " + maxPerTarget + " (expected: > 0)");
        }
        if (minIdle < 0 || minIdle > maxPerTarget) {
            throw new IllegalArgumentException("minIdle: " + minIdle + " (expected: >= 0 and <= maxPerTarget)");
        }
        positive("idleTimeout", idleTimeout);
        positive("maxLifetime", maxLifetime);
        positive("keepalive", keepalive);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /** A copy with other sizes. */
    public PoolSettings withSizes(int maxPerTarget, int minIdle) {
        return new PoolSettings(enabled, maxPerTarget, minIdle, idleTimeout, maxLifetime, keepalive);
    }

    /** A copy with other timeouts. */
    public PoolSettings withTimeouts(Duration idleTimeout, Duration maxLifetime) {
        return new PoolSettings(enabled, maxPerTarget, minIdle, idleTimeout, maxLifetime, keepalive);
    }

    /** A copy with pooling switched on or off. */
    public PoolSettings withEnabled(boolean enabled) {
        return new PoolSettings(enabled, maxPerTarget, minIdle, idleTimeout, maxLifetime, keepalive);
    }
}
