package io.weir.runtime.sink;

import java.util.Objects;

/**
 * Configuration of one {@link SinkServer}, validated once here.
 *
 * @param host                    address to bind, e.g. {@code 0.0.0.0}
 * @param port                    port to bind; 0 picks a free port
 * @param bufferRecords           records buffered per consumer before its records are dropped (default 1024)
 * @param defaultHeartbeatSeconds ping interval when a consumer sets {@code enablePings=true} without
 *                                {@code heartbeatSec} (default 5)
 * @param metaIntervalMillis      how often a consumer with {@code enableMetaMessages=true} is told its drop
 *                                count when it changed (default 1000)
 * @param readToken               the token consumers must send ({@code Authorization: Bearer} or {@code ?token=}), null
 *                                for none; a worker sets its job's sink token ({@code JobTokens.sinkToken})
 * @param maxConsumers            connected consumers at most; more get 503 (default 1000, {@code WEIR_SINK_MAX_CONSUMERS})
 */
public record SinkConfig(String host, int port, int bufferRecords, int defaultHeartbeatSeconds, long metaIntervalMillis,
                         String readToken, int maxConsumers) {

    /** Default connected consumers at most. */
    public static final int DEFAULT_MAX_CONSUMERS = 1000;

    /** Default records buffered per consumer. */
    public static final int DEFAULT_BUFFER_RECORDS = 1024;
    /** Default ping interval in seconds. */
    public static final int DEFAULT_HEARTBEAT_SECONDS = 5;
    /** Default interval between meta messages in milliseconds. */
    public static final long DEFAULT_META_INTERVAL_MILLIS = 1000;

    /** Validates every field; messages name the field and the expected range. */
    public SinkConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: a host name or address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535, 0 picks a free port)");
        }
        if (bufferRecords < 1) {
            throw new IllegalArgumentException("bufferRecords: " + bufferRecords + " (expected: > 0)");
        }
        if (defaultHeartbeatSeconds < 1) {
            throw new IllegalArgumentException("defaultHeartbeatSeconds: " + defaultHeartbeatSeconds + " (expected: > 0)");
        }
        if (metaIntervalMillis < 1) {
            throw new IllegalArgumentException("metaIntervalMillis: " + metaIntervalMillis + " (expected: > 0)");
        }
        if (readToken != null && readToken.isBlank()) {
            throw new IllegalArgumentException("readToken: blank (expected: a token, or null for none)");
        }
        if (maxConsumers < 1) {
            throw new IllegalArgumentException("maxConsumers: " + maxConsumers + " (expected: > 0)");
        }
    }

    /** A config without a read token and with the default consumer limit. */
    public SinkConfig(String host, int port, int bufferRecords, int defaultHeartbeatSeconds, long metaIntervalMillis) {
        this(host, port, bufferRecords, defaultHeartbeatSeconds, metaIntervalMillis, null, DEFAULT_MAX_CONSUMERS);
    }

    /** A config with the defaults, bound to {@code host:port}. */
    public static SinkConfig of(String host, int port) {
        return new SinkConfig(host, port, DEFAULT_BUFFER_RECORDS, DEFAULT_HEARTBEAT_SECONDS, DEFAULT_META_INTERVAL_MILLIS);
    }

    /** This config with another per-consumer buffer size. */
    public SinkConfig withBufferRecords(int records) {
        return new SinkConfig(host, port, records, defaultHeartbeatSeconds, metaIntervalMillis, readToken, maxConsumers);
    }

    /** This config with another meta message interval. */
    public SinkConfig withMetaIntervalMillis(long millis) {
        return new SinkConfig(host, port, bufferRecords, defaultHeartbeatSeconds, millis, readToken, maxConsumers);
    }

    /** This config asking consumers for {@code token} (null: for none). */
    public SinkConfig withReadToken(String token) {
        return new SinkConfig(host, port, bufferRecords, defaultHeartbeatSeconds, metaIntervalMillis, token, maxConsumers);
    }

    /** This config with another consumer limit. */
    public SinkConfig withMaxConsumers(int consumers) {
        return new SinkConfig(host, port, bufferRecords, defaultHeartbeatSeconds, metaIntervalMillis, readToken, consumers);
    }

    @Override
    public String toString() {
        return "SinkConfig[" + host + ":" + port + ", bufferRecords=" + bufferRecords + ", maxConsumers=" + maxConsumers
                + ", readToken=" + (readToken == null ? "none" : "set") + "]";
    }
}
