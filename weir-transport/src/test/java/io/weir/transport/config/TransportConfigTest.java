package io.weir.transport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.transport.TransportId;
import io.weir.transport.rpc.nats.NatsSettings;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.pool.PoolSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

    private static TransportConfig from(Map<String, String> env) {
        return TransportConfig.from(env, new Properties());
    }

    @Test
    void defaultsMatchTheDocumentation() {
        TransportConfig config = TransportConfig.defaults();
        assertThat(config.requestPlane()).isEqualTo(TransportId.TCP);
        assertThat(config.responsePlane()).isEqualTo(TransportId.TCP);
        assertThat(config.requestPlaneFallback()).isEmpty();
        assertThat(config.httpRpcRootPath()).isEqualTo("/v1/rpc");
        assertThat(config.httpResponseStreamFormat()).isEqualTo(StreamFormat.SSE);
        assertThat(config.tcp()).isEqualTo(TcpSettings.DEFAULTS);
        assertThat(config.pool()).isEqualTo(PoolSettings.DEFAULTS);
    }

    @Test
    void readsEveryVariable() {
        TransportConfig config = from(Map.ofEntries(
                Map.entry("WEIR_REQUEST_PLANE", "http"), Map.entry("WEIR_RESPONSE_PLANE", "HTTP"),
                Map.entry("WEIR_REQUEST_PLANE_FALLBACK", "tcp"),
                Map.entry("WEIR_HTTP_RESPONSE_STREAM_FORMAT", "ndjson"), Map.entry("WEIR_HTTP_RPC_PORT", "18081"),
                Map.entry("WEIR_TCP_POOL_ENABLED", "false"), Map.entry("WEIR_TCP_POOL_MAX_PER_TARGET", "7"),
                Map.entry("WEIR_TCP_POOL_MIN_IDLE", "2"), Map.entry("WEIR_TCP_POOL_IDLE_TIMEOUT_SECS", "30"),
                Map.entry("WEIR_TCP_POOL_MAX_LIFETIME_SECS", "600"), Map.entry("WEIR_TCP_POOL_KEEPALIVE_SECS", "15"),
                Map.entry("WEIR_TCP_PING_INTERVAL_MILLIS", "250"), Map.entry("WEIR_TCP_MAX_MISSED_PONGS", "5")));
        assertThat(config.requestPlane()).isEqualTo(TransportId.HTTP);
        assertThat(config.responsePlane()).isEqualTo(TransportId.HTTP);
        assertThat(config.requestPlaneFallback()).isEqualTo(Optional.of(TransportId.TCP));
        assertThat(config.httpResponseStreamFormat()).isEqualTo(StreamFormat.NDJSON);
        assertThat(config.httpRpcPort()).isEqualTo(18081);
        assertThat(config.pool()).isEqualTo(new PoolSettings(false, 7, 2, Duration.ofSeconds(30),
                Duration.ofSeconds(600), Duration.ofSeconds(15)));
        assertThat(config.tcp().pingIntervalMillis()).isEqualTo(250);
        assertThat(config.tcp().maxMissedPongs()).isEqualTo(5);
    }

    @Test
    void readsTheNatsPlane() {
        assertThat(TransportConfig.defaults().nats()).isEqualTo(NatsSettings.DEFAULTS);
        assertThat(NatsSettings.DEFAULTS).isEqualTo(new NatsSettings("nats://127.0.0.1:4222", "weir.rpc", "weir",
                Duration.ofMillis(5000)));
        TransportConfig config = from(Map.of("WEIR_REQUEST_PLANE", "nats", "WEIR_NATS_URL", "nats://nats.local:4333",
                "WEIR_NATS_SUBJECT_PREFIX", "acme.rpc", "WEIR_NATS_SERVICE", "word-count",
                "WEIR_NATS_REQUEST_TIMEOUT_MS", "250"));
        assertThat(config.requestPlane()).isEqualTo(TransportId.NATS);
        assertThat(config.responsePlane()).isEqualTo(TransportId.TCP);
        assertThat(config.nats()).isEqualTo(new NatsSettings("nats://nats.local:4333", "acme.rpc", "word-count",
                Duration.ofMillis(250)));
        assertThat(config.nats().serviceSubject()).isEqualTo("acme.rpc.word-count");
        assertThat(config.nats().workerSubject("w1")).isEqualTo("acme.rpc.word-count.worker.w1");
    }

    @Test
    void badNatsValuesAreReportedAtStart() {
        assertThatThrownBy(() -> from(Map.of("WEIR_NATS_URL", "http://x:1", "WEIR_NATS_SUBJECT_PREFIX", "weir.*",
                "WEIR_NATS_SERVICE", "a.b", "WEIR_NATS_REQUEST_TIMEOUT_MS", "0")))
                .hasMessageContaining("WEIR_NATS_URL: http://x:1 (expected: nats://host:port (or tls://, ws://, wss://))")
                .hasMessageContaining("WEIR_NATS_SUBJECT_PREFIX: weir.* (expected: dot-separated tokens")
                .hasMessageContaining("WEIR_NATS_SERVICE: a.b (expected: one subject token")
                .hasMessageContaining("WEIR_NATS_REQUEST_TIMEOUT_MS: 0 (expected: > 0)");
        assertThatThrownBy(() -> from(Map.of("WEIR_REQUEST_PLANE", "nats", "WEIR_RESPONSE_PLANE", "http")))
                .hasMessage("WEIR_RESPONSE_PLANE: http (expected: tcp when WEIR_REQUEST_PLANE is nats)");
        assertThatThrownBy(() -> from(Map.of("WEIR_RESPONSE_PLANE", "nats")))
                .hasMessage("WEIR_RESPONSE_PLANE: nats (expected: one of http, tcp)");
    }

    @Test
    void propertiesOverrideTheEnvironment() {
        Properties properties = new Properties();
        properties.setProperty("weir.tcp.pool.max.per.target", "9");
        TransportConfig config = TransportConfig.from(Map.of("WEIR_TCP_POOL_MAX_PER_TARGET", "3"), properties);
        assertThat(config.pool().maxPerTarget()).isEqualTo(9);
    }

    @Test
    void badValuesFailNamingTheVariable() {
        assertThatThrownBy(() -> from(Map.of("WEIR_TCP_POOL_MAX_PER_TARGET", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("WEIR_TCP_POOL_MAX_PER_TARGET: -1 (expected: > 0)");
        assertThatThrownBy(() -> from(Map.of("WEIR_REQUEST_PLANE", "grpc")))
                .hasMessage("WEIR_REQUEST_PLANE: grpc (expected: one of http, nats, tcp)");
        assertThatThrownBy(() -> from(Map.of("WEIR_HTTP_RESPONSE_STREAM_FORMAT", "xml")))
                .hasMessage("WEIR_HTTP_RESPONSE_STREAM_FORMAT: xml (expected: one of sse, ndjson, binary)");
        assertThatThrownBy(() -> from(Map.of("WEIR_TCP_POOL_ENABLED", "maybe")))
                .hasMessage("WEIR_TCP_POOL_ENABLED: maybe (expected: true or false)");
        assertThatThrownBy(() -> from(Map.of("WEIR_HTTP_RPC_PORT", "http")))
                .hasMessage("WEIR_HTTP_RPC_PORT: http (expected: an integer, 0..65535)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> from(Map.of("WEIR_TCP_POOL_MAX_PER_TARGET", "2", "WEIR_TCP_POOL_MIN_IDLE", "3",
                "WEIR_TCP_POOL_KEEPALIVE_SECS", "0")))
                .hasMessageContaining("WEIR_TCP_POOL_MIN_IDLE: 3 (expected: <= WEIR_TCP_POOL_MAX_PER_TARGET (2))")
                .hasMessageContaining("WEIR_TCP_POOL_KEEPALIVE_SECS: 0 (expected: > 0)");
    }

    @Test
    void unsupportedPlaneCombinationsFailFast() {
        assertThatThrownBy(() -> from(Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_RESPONSE_PLANE", "http")))
                .hasMessage("WEIR_RESPONSE_PLANE: http (expected: tcp when WEIR_REQUEST_PLANE is tcp)");
        assertThatThrownBy(() -> from(Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_REQUEST_PLANE_FALLBACK", "tcp")))
                .hasMessage("WEIR_REQUEST_PLANE_FALLBACK: tcp (expected: a transport other than WEIR_REQUEST_PLANE)");
    }
}
