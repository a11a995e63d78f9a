package io.weir.agent;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.model.ArtifactPolicy;

/**
 * How an agent fetches job artifacts: which it accepts ({@code policy}), the largest it downloads ({@code maxBytes},
 * {@code WEIR_ARTIFACT_MAX_BYTES}), how much verified artifacts its cache keeps ({@code cacheBytes},
 * {@code WEIR_ARTIFACT_CACHE_BYTES}), and the connect and read timeouts of a download
 * ({@code WEIR_ARTIFACT_CONNECT_TIMEOUT_MS}, {@code WEIR_ARTIFACT_READ_TIMEOUT_MS}: no byte for this long fails it).
 */
public record ArtifactSettings(ArtifactPolicy policy, long maxBytes, long cacheBytes, long connectTimeoutMillis, long readTimeoutMillis) {

    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    public static final long DEFAULT_CACHE_BYTES = 2L * 1024 * 1024 * 1024;
    public static final ArtifactSettings DEFAULTS =
            new ArtifactSettings(ArtifactPolicy.DEFAULT, DEFAULT_MAX_BYTES, DEFAULT_CACHE_BYTES, 10_000, 30_000);

    public ArtifactSettings {
        if (policy == null) {
            throw new ConfigException("artifact policy: missing");
        }
        if (maxBytes < 1 || cacheBytes < 0 || connectTimeoutMillis < 1 || readTimeoutMillis < 1) {
            throw new ConfigException("artifact settings: max " + maxBytes + " bytes, cache " + cacheBytes + " bytes, timeouts "
                    + connectTimeoutMillis + "/" + readTimeoutMillis + " ms (expected: all > 0, the cache >= 0)");
        }
    }

    /** From the {@code WEIR_ARTIFACT_*} settings. */
    public static ArtifactSettings fromSettings(Settings s) {
        var d = DEFAULTS;
        return new ArtifactSettings(ArtifactPolicy.fromSettings(s),
                s.longValue("WEIR_ARTIFACT_MAX_BYTES", d.maxBytes(), 1),
                s.longValue("WEIR_ARTIFACT_CACHE_BYTES", d.cacheBytes(), 0),
                s.longValue("WEIR_ARTIFACT_CONNECT_TIMEOUT_MS", d.connectTimeoutMillis(), 1),
                s.longValue("WEIR_ARTIFACT_READ_TIMEOUT_MS", d.readTimeoutMillis(), 1));
    }

    public ArtifactSettings withPolicy(ArtifactPolicy p) {
        return new ArtifactSettings(p, maxBytes, cacheBytes, connectTimeoutMillis, readTimeoutMillis);
    }

    public ArtifactSettings withMaxBytes(long max) {
        return new ArtifactSettings(policy, max, cacheBytes, connectTimeoutMillis, readTimeoutMillis);
    }

    public ArtifactSettings withCacheBytes(long cache) {
        return new ArtifactSettings(policy, maxBytes, cache, connectTimeoutMillis, readTimeoutMillis);
    }

    public ArtifactSettings withReadTimeoutMillis(long millis) {
        return new ArtifactSettings(policy, maxBytes, cacheBytes, connectTimeoutMillis, millis);
    }
}
