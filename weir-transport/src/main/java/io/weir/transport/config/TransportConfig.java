package io.weir.transport.config;

import io.weir.core.config.Settings;
import io.weir.core.transport.TransportId;
import io.weir.transport.rpc.nats.NatsSettings;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import io.weir.transport.tls.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The transports' configuration, immutable and validated. Built once by {@link #from} from
 * {@code WEIR_*} variables (defaults in brackets):
 * <ul>
 * <li>{@code WEIR_REQUEST_PLANE} tcp|http|nats [tcp], {@code WEIR_REQUEST_PLANE_FALLBACK} tcp|http|nats
 *     [none: never fall back]</li>
 * <li>{@code WEIR_RESPONSE_PLANE} tcp|http [tcp]; http needs an http request plane (nats answers over tcp only)</li>
 * <li>{@code WEIR_NATS_URL} [nats://127.0.0.1:4222], {@code WEIR_NATS_SUBJECT_PREFIX} [weir.rpc],
 *     {@code WEIR_NATS_SERVICE} [weir] (the queue group a service's workers share),
 *     {@code WEIR_NATS_REQUEST_TIMEOUT_MS} [5000] (how long a caller waits for the worker's acknowledgment and
 *     call-home stream), {@code WEIR_NATS_TOKEN} [none] (the token a server started with {@code --auth} wants),
 *     {@code WEIR_NATS_CREDS} [none] (a credentials file: user JWT and NKey seed, or an NKey seed)</li>
 * <li>{@code WEIR_HTTP_RPC_HOST} [0.0.0.0], {@code WEIR_HTTP_RPC_PORT} [8081], {@code WEIR_HTTP_RPC_ROOT_PATH} [/v1/rpc],
 *     {@code WEIR_HTTP_REQUEST_TIMEOUT} seconds [5]</li>
 * <li>{@code WEIR_HTTP_RESPONSE_STREAM_FORMAT} sse|ndjson|binary [sse], {@code WEIR_HTTP_RESPONSE_TIMEOUT_SECS} [3600]</li>
 * <li>{@code WEIR_HTTP_KEEPALIVE_MILLIS} [0: off]: a caller on the http response plane asks the server for a keep-alive
 *     after this much silence and fails the call after {@code WEIR_HTTP_MAX_MISSED_KEEPALIVES} [3] such intervals
 *     without a byte while it waits for records (a hung server)</li>
 * <li>{@code WEIR_TCP_REQUEST_HOST} [0.0.0.0], {@code WEIR_TCP_REQUEST_PORT} [9001],
 *     {@code WEIR_TCP_REQUEST_MAX_CONNECTIONS} [1000], {@code WEIR_TCP_REQUEST_TIMEOUT_SECS} [5]</li>
 * <li>{@code WEIR_TCP_RESPONSE_HOST} [0.0.0.0]: where a call-home caller's response server binds (random port);
 *     workers dial this host, or the local host's address when it is a wildcard</li>
 * <li>{@code WEIR_TCP_MAX_FRAME_BYTES} [16777216], {@code WEIR_TCP_MAX_STREAMS_PER_CONNECTION} [10000],
 *     {@code WEIR_TCP_PING_INTERVAL_MILLIS} [500], {@code WEIR_TCP_MAX_MISSED_PONGS} [3]</li>
 * <li>{@code WEIR_TCP_POOL_ENABLED} [true], {@code WEIR_TCP_POOL_MAX_PER_TARGET} [50], {@code WEIR_TCP_POOL_MIN_IDLE} [5],
 *     {@code WEIR_TCP_POOL_IDLE_TIMEOUT_SECS} [300], {@code WEIR_TCP_POOL_MAX_LIFETIME_SECS} [3600],
 *     {@code WEIR_TCP_POOL_KEEPALIVE_SECS} [60]</li>
 * <li>{@code WEIR_TLS_CERT}, {@code WEIR_TLS_KEY}, {@code WEIR_TLS_CA}, {@code WEIR_TLS_CLIENT_AUTH} (see {@link TlsConfig}):
 *     with a certificate, every tcp and http plane (request servers, callers, call-home) runs over TLS; a
 *     {@code tls://} NATS URL trusts {@code WEIR_TLS_CA} and presents the certificate</li>
 * </ul>
 */
public record TransportConfig(
        TransportId requestPlane,
        Optional<TransportId> requestPlaneFallback,
        TransportId responsePlane,
        String httpRpcHost,
        int httpRpcPort,
        String httpRpcRootPath,
        Duration httpRequestTimeout,
        StreamFormat httpResponseStreamFormat,
        Duration httpResponseTimeout,
        Duration httpKeepAlive,
        int httpMaxMissedKeepAlives,
        String tcpRequestHost,
        int tcpRequestPort,
        int tcpRequestMaxConnections,
        Duration tcpRequestTimeout,
        String tcpResponseHost,
        TcpSettings tcp,
        PoolSettings pool,
        NatsSettings nats,
        TlsConfig tls) {

    private static final Map<String, TransportId> PLANES = Map.of("tcp", TransportId.TCP, "http", TransportId.HTTP,
            "nats", TransportId.NATS);
    private static final Map<String, TransportId> RESPONSE_PLANES = Map.of("tcp", TransportId.TCP,
            "http", TransportId.HTTP);
    private static final Pattern NATS_URL = Pattern.compile("(nats|tls|ws|wss)://[^\\s/]+(:\\d+)?/?");
    private static final int MAX_PORT = 65_535;

    public TransportConfig {
        Objects.requireNonNull(requestPlane, "requestPlane");
        Objects.requireNonNull(requestPlaneFallback, "requestPlaneFallback");
        Objects.requireNonNull(responsePlane, "responsePlane");
        Objects.requireNonNull(httpResponseStreamFormat, "httpResponseStreamFormat");
        Objects.requireNonNull(httpKeepAlive, "httpKeepAlive");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(nats, "nats");
        Objects.requireNonNull(tls, "tls");
    }

    /** This config with another response plane. */
    public TransportConfig withResponsePlane(TransportId plane) {
        return new TransportConfig(requestPlane, requestPlaneFallback, plane, httpRpcHost, httpRpcPort, httpRpcRootPath,
                httpRequestTimeout, httpResponseStreamFormat, httpResponseTimeout, httpKeepAlive, httpMaxMissedKeepAlives,
                tcpRequestHost, tcpRequestPort, tcpRequestMaxConnections, tcpRequestTimeout, tcpResponseHost, tcp, pool, nats, tls);
    }

    /** The defaults, as if no variable were set. */
    public static TransportConfig defaults() {
        return from(Map.of(), new Properties());
    }

    /** Reads the process environment and system properties; see {@link #from}. */
    public static TransportConfig fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /**
     * Builds the config from {@code env} and {@code properties} (a property {@code weir.tcp.pool.enabled}
     * overrides {@code WEIR_TCP_POOL_ENABLED}). Throws {@link ConfigException} listing every bad value.
     */
    public static TransportConfig from(Map<String, String> env, Properties properties) {
        ConfigReader r = new ConfigReader(env, properties);
        TransportId request = r.choice("WEIR_REQUEST_PLANE", TransportId.TCP, ordered(PLANES));
        TransportId fallback = r.choice("WEIR_REQUEST_PLANE_FALLBACK", null, ordered(PLANES));
        TransportId response = r.choice("WEIR_RESPONSE_PLANE", TransportId.TCP, ordered(RESPONSE_PLANES));
        if (request != TransportId.HTTP && response == TransportId.HTTP) {
            r.problem("WEIR_RESPONSE_PLANE", "http", "tcp when WEIR_REQUEST_PLANE is " + request.wireName());
        }
        if (fallback != null && fallback == request) {
            r.problem("WEIR_REQUEST_PLANE_FALLBACK", fallback.wireName(), "a transport other than WEIR_REQUEST_PLANE");
        }
        String httpHost = r.string("WEIR_HTTP_RPC_HOST", "0.0.0.0");
        int httpPort = r.integer("WEIR_HTTP_RPC_PORT", 8081, 0, MAX_PORT);
        String root = r.string("WEIR_HTTP_RPC_ROOT_PATH", "/v1/rpc");
        if (!root.startsWith("/") || root.endsWith("/")) {
            r.problem("WEIR_HTTP_RPC_ROOT_PATH", root, "a path starting with / and not ending with /");
        }
        int httpTimeout = r.integer("WEIR_HTTP_REQUEST_TIMEOUT", 5, 1, Integer.MAX_VALUE);
        StreamFormat format = r.choice("WEIR_HTTP_RESPONSE_STREAM_FORMAT", StreamFormat.SSE, formats());
        int responseTimeout = r.integer("WEIR_HTTP_RESPONSE_TIMEOUT_SECS", 3600, 1, Integer.MAX_VALUE);
        int keepAlive = r.integer("WEIR_HTTP_KEEPALIVE_MILLIS", 0, 0, 60_000);
        int missedKeepAlives = r.integer("WEIR_HTTP_MAX_MISSED_KEEPALIVES", 3, 1, 1_000);
        String tcpHost = r.string("WEIR_TCP_REQUEST_HOST", "0.0.0.0");
        int tcpPort = r.integer("WEIR_TCP_REQUEST_PORT", 9001, 0, MAX_PORT);
        int tcpMaxConnections = r.integer("WEIR_TCP_REQUEST_MAX_CONNECTIONS", 1000, 1, Integer.MAX_VALUE);
        int tcpTimeout = r.integer("WEIR_TCP_REQUEST_TIMEOUT_SECS", 5, 1, Integer.MAX_VALUE);
        String responseHost = r.string("WEIR_TCP_RESPONSE_HOST", "0.0.0.0");
        TcpSettings d = TcpSettings.DEFAULTS;
        int maxFrame = r.integer("WEIR_TCP_MAX_FRAME_BYTES", d.maxFrameBytes(), 1024, Integer.MAX_VALUE);
        int maxStreams = r.integer("WEIR_TCP_MAX_STREAMS_PER_CONNECTION", d.maxStreamsPerConnection(), 1,
                Integer.MAX_VALUE);
        int ping = r.integer("WEIR_TCP_PING_INTERVAL_MILLIS", (int) d.pingIntervalMillis(), 1, Integer.MAX_VALUE);
        int missed = r.integer("WEIR_TCP_MAX_MISSED_PONGS", d.maxMissedPongs(), 1, Integer.MAX_VALUE);
        PoolSettings p = PoolSettings.DEFAULTS;
        boolean poolEnabled = r.bool("WEIR_TCP_POOL_ENABLED", p.enabled());
        int maxPerTarget = r.integer("WEIR_TCP_POOL_MAX_PER_TARGET", p.maxPerTarget(), 1, Integer.MAX_VALUE);
        int minIdle = r.integer("WEIR_TCP_POOL_MIN_IDLE", p.minIdle(), 0, Integer.MAX_VALUE);
        if (minIdle > maxPerTarget) {
            r.problem("WEIR_TCP_POOL_MIN_IDLE", String.valueOf(minIdle), "<= WEIR_TCP_POOL_MAX_PER_TARGET ("
                    + maxPerTarget + ")");
            minIdle = Math.min(p.minIdle(), maxPerTarget);
        }
        int idle = r.integer("WEIR_TCP_POOL_IDLE_TIMEOUT_SECS", (int) p.idleTimeout().toSeconds(), 1, Integer.MAX_VALUE);
        int lifetime = r.integer("WEIR_TCP_POOL_MAX_LIFETIME_SECS", (int) p.maxLifetime().toSeconds(), 1,
                Integer.MAX_VALUE);
        int keepalive = r.integer("WEIR_TCP_POOL_KEEPALIVE_SECS", (int) p.keepalive().toSeconds(), 1, Integer.MAX_VALUE);
        NatsSettings nd = NatsSettings.DEFAULTS;
        String natsUrl = r.string("WEIR_NATS_URL", nd.url());
        if (!NATS_URL.matcher(natsUrl).matches()) {
            r.problem("WEIR_NATS_URL", natsUrl, "nats://host:port (or tls://, ws://, wss://)");
            natsUrl = nd.url();
        }
        String prefix = r.string("WEIR_NATS_SUBJECT_PREFIX", nd.subjectPrefix());
        if (!NatsSettings.validSubject(prefix)) {
            r.problem("WEIR_NATS_SUBJECT_PREFIX", prefix, "dot-separated tokens of letters, digits, - and _");
            prefix = nd.subjectPrefix();
        }
        String service = r.string("WEIR_NATS_SERVICE", nd.service());
        if (!NatsSettings.validToken(service)) {
            r.problem("WEIR_NATS_SERVICE", service, "one subject token: letters, digits, - and _");
            service = nd.service();
        }
        int natsTimeout = r.integer("WEIR_NATS_REQUEST_TIMEOUT_MS", (int) nd.requestTimeout().toMillis(), 1,
                Integer.MAX_VALUE);
        String creds = r.string("WEIR_NATS_CREDS", null);
        if (creds != null && !Files.isReadable(Path.of(creds))) {
            r.problem("WEIR_NATS_CREDS", creds, "a readable credentials file (a user JWT and NKey seed, e.g. from nsc)");
            creds = null;
        }
        r.throwIfProblems();
        TlsConfig tls = TlsConfig.from(new Settings(env, properties));
        return new TransportConfig(request, Optional.ofNullable(fallback), response, httpHost, httpPort, root,
                Duration.ofSeconds(httpTimeout), format, Duration.ofSeconds(responseTimeout), Duration.ofMillis(keepAlive),
                missedKeepAlives, tcpHost, tcpPort,
                tcpMaxConnections, Duration.ofSeconds(tcpTimeout), responseHost,
                tls.applyTo(new TcpSettings(maxFrame, maxStreams, ping, missed, Math.min(d.batchBytes(), maxFrame),
                        d.writeBufferHighBytes())),
                new PoolSettings(poolEnabled, maxPerTarget, minIdle, Duration.ofSeconds(idle),
                        Duration.ofSeconds(lifetime), Duration.ofSeconds(keepalive)),
                new NatsSettings(natsUrl, prefix, service, Duration.ofMillis(natsTimeout), r.string("WEIR_NATS_TOKEN", null),
                        creds == null ? null : Path.of(creds), tls.jdkClientContext()), tls);
    }

    private static <T> Map<String, T> ordered(Map<String, T> choices) {
        Map<String, T> ordered = new LinkedHashMap<>();
        choices.keySet().stream().sorted().forEach(k -> ordered.put(k, choices.get(k)));
        return ordered;
    }

    private static Map<String, StreamFormat> formats() {
        Map<String, StreamFormat> formats = new LinkedHashMap<>();
        for (StreamFormat format : StreamFormat.values()) {
            formats.put(format.wireName(), format);
        }
        return formats;
    }
}
