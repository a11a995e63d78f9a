package io.weir.client;

import io.weir.core.backoff.ExponentialBackoff;
import java.util.Objects;

/**
 * Settings of a {@link WeirClient}, validated once here.
 *
 * @param masterUrl                  the master's base URL, e.g. {@code http://127.0.0.1:8100}
 * @param connectTimeoutMillis       TCP connect timeout of every call (default 5000)
 * @param requestTimeoutMillis       how long one REST call may take in all (default 30000)
 * @param maxResponseBytes           the largest REST response body accepted (default 16 MiB)
 * @param discoveryIdleTimeoutMillis a discovery stream silent this long (heartbeats included) is reconnected;
 *                                   keep it above the master's {@code WEIR_DISCOVERY_HEARTBEAT_MS} (default 15000)
 * @param discoveryBackoff           delays between discovery reconnects (default 20 ms doubling to 2 s, jitter 0.5)
 * @param token                      the bearer token sent with every call ({@code Authorization: Bearer}); null: none
 */
public record WeirClientConfig(String masterUrl, long connectTimeoutMillis, long requestTimeoutMillis, int maxResponseBytes,
                               long discoveryIdleTimeoutMillis, ExponentialBackoff discoveryBackoff, String token) {

    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    public static final long DEFAULT_DISCOVERY_IDLE_TIMEOUT_MILLIS = 15_000;
    public static final ExponentialBackoff DEFAULT_DISCOVERY_BACKOFF = new ExponentialBackoff(20, 2_000, 0.5);

    public WeirClientConfig {
        Objects.requireNonNull(masterUrl, "masterUrl");
        if (!masterUrl.startsWith("http://") && !masterUrl.startsWith("https://")) {
            throw new IllegalArgumentException("masterUrl: '" + masterUrl + "' (expected: http://host:port or https://host:port)");
        }
        masterUrl = masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
        positive("connectTimeoutMillis", connectTimeoutMillis);
        positive("requestTimeoutMillis", requestTimeoutMillis);
        positive("maxResponseBytes", maxResponseBytes);
        positive("discoveryIdleTimeoutMillis", discoveryIdleTimeoutMillis);
        Objects.requireNonNull(discoveryBackoff, "discoveryBackoff");
        if (token != null && (token.isBlank() || !token.strip().equals(token) || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new IllegalArgumentException("token: expected printable characters without spaces (the master's token file holds one)");
        }
        if (connectTimeoutMillis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeoutMillis: " + connectTimeoutMillis + " (expected: <= " + Integer.MAX_VALUE + ")");
        }
    }

    /** The defaults, for the master at {@code masterUrl}. */
    public static WeirClientConfig of(String masterUrl) {
        return new WeirClientConfig(masterUrl, DEFAULT_CONNECT_TIMEOUT_MILLIS, DEFAULT_REQUEST_TIMEOUT_MILLIS,
                DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_DISCOVERY_IDLE_TIMEOUT_MILLIS, DEFAULT_DISCOVERY_BACKOFF, null);
    }

    public WeirClientConfig withConnectTimeoutMillis(long millis) {
        return new WeirClientConfig(masterUrl, millis, requestTimeoutMillis, maxResponseBytes, discoveryIdleTimeoutMillis, discoveryBackoff, token);
    }

    public WeirClientConfig withRequestTimeoutMillis(long millis) {
        return new WeirClientConfig(masterUrl, connectTimeoutMillis, millis, maxResponseBytes, discoveryIdleTimeoutMillis, discoveryBackoff, token);
    }

    public WeirClientConfig withMaxResponseBytes(int bytes) {
        return new WeirClientConfig(masterUrl, connectTimeoutMillis, requestTimeoutMillis, bytes, discoveryIdleTimeoutMillis, discoveryBackoff, token);
    }

    public WeirClientConfig withDiscoveryIdleTimeoutMillis(long millis) {
        return new WeirClientConfig(masterUrl, connectTimeoutMillis, requestTimeoutMillis, maxResponseBytes, millis, discoveryBackoff, token);
    }

    public WeirClientConfig withDiscoveryBackoff(ExponentialBackoff backoff) {
        return new WeirClientConfig(masterUrl, connectTimeoutMillis, requestTimeoutMillis, maxResponseBytes, discoveryIdleTimeoutMillis, backoff, token);
    }

    /** The same settings, sending {@code bearerToken} (an admin or read token of the master; null: none). */
    public WeirClientConfig withToken(String bearerToken) {
        return new WeirClientConfig(masterUrl, connectTimeoutMillis, requestTimeoutMillis, maxResponseBytes, discoveryIdleTimeoutMillis,
                discoveryBackoff, bearerToken);
    }

    @Override
    public String toString() {
        return "WeirClientConfig[masterUrl=" + masterUrl + ", token=" + (token == null ? "none" : "hidden") + "]";
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
