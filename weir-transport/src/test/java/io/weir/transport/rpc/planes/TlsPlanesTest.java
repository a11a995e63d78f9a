package io.weir.transport.rpc.planes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.NKey;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.testing.NatsServerProcess;
import io.weir.transport.testing.RecordingResponse;
import io.weir.transport.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code WEIR_TLS_*} set, a service's request and response planes run over mutual TLS like every other plane: calls
 * with the CA's certificates are answered, a plaintext caller gets an error (never an answer), and NATS takes a
 * {@code tls://} URL with client certificates and an NKey credentials file ({@code WEIR_NATS_CREDS}).
 */
class TlsPlanesTest {

    private static final Map<String, RpcHandler> HANDLERS = Map.of("echo", (request, response) -> {
        response.send(("{\"echo\":\"" + new String(request.body(), StandardCharsets.UTF_8) + "\"}").getBytes(StandardCharsets.UTF_8));
        response.end();
        return ControlHandler.NONE;
    });

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    private final EventLoopGroup group = TcpChannels.newGroup(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir.resolve("certs"));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Map<String, String> planes(String request, String response) {
        return new HashMap<>(Map.of("WEIR_REQUEST_PLANE", request, "WEIR_RESPONSE_PLANE", response,
                "WEIR_TCP_REQUEST_HOST", "127.0.0.1", "WEIR_TCP_REQUEST_PORT", "0", "WEIR_HTTP_RPC_HOST", "127.0.0.1",
                "WEIR_HTTP_RPC_PORT", "0", "WEIR_TCP_RESPONSE_HOST", "127.0.0.1", "WEIR_TCP_POOL_MIN_IDLE", "0",
                "WEIR_HTTP_REQUEST_TIMEOUT", "3", "WEIR_TCP_REQUEST_TIMEOUT_SECS", "3"));
    }

    private static Map<String, String> withTls(Map<String, String> env) {
        env.putAll(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString(), "WEIR_TLS_KEY", certs.nodeKey().toString(),
                "WEIR_TLS_CA", certs.ca().toString(), "WEIR_TLS_CLIENT_AUTH", "require"));
        return env;
    }

    private RpcClient client(TransportConfig config) {
        return RpcClients.create(config, StandardTransports.registry(), TransportCapabilities.NONE, group, registry, Clock.systemUTC());
    }

    @ParameterizedTest
    @CsvSource({"tcp,tcp", "http,http", "http,tcp"})
    void everyPlaneRunsOverMutualTlsAndAPlaintextCallerGetsAnErrorNotAnAnswer(String request, String response) throws Exception {
        TransportConfig tls = TransportConfig.from(withTls(planes(request, response)), new Properties());
        try (RpcServers servers = RpcServers.start(tls, HANDLERS, group, registry, Clock.systemUTC());
             RpcClient secure = client(tls);
             RpcClient plain = client(TransportConfig.from(planes(request, response), new Properties()))) {
            var target = servers.address(tls.requestPlane());
            var answer = new RecordingResponse(0);
            secure.call(target, new RpcRequest("echo", Map.of(), "hi".getBytes(StandardCharsets.UTF_8)), 10, answer);
            await().atMost(Duration.ofSeconds(10)).until(answer::finished);
            assertThat(answer.error.get()).isNull();
            assertThat(answer.records).containsExactly("{\"echo\":\"hi\"}");
            if (tls.requestPlane() == TransportId.HTTP) {
                assertThat(servers.endpoints().get(0).address()).startsWith("https://127.0.0.1:");
            }

            var refused = new RecordingResponse(0);
            plain.call(target, new RpcRequest("echo", Map.of(), "hi".getBytes(StandardCharsets.UTF_8)), 10, refused);
            await().atMost(Duration.ofSeconds(10)).until(refused::finished);
            assertThat(refused.error.get()).isNotNull();
            assertThat(refused.records).isEmpty();
        }
    }

    @Test
    void natsTakesATlsUrlWithClientCertificatesAndAnNKeyCredentialsFile() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        Path creds = dir.resolve("user.creds");
        Files.writeString(creds, new String(user.getSeed()) + "\n");
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "tls {\n  cert_file: \"" + certs.nodeCert() + "\"\n  key_file: \"" + certs.nodeKey() + "\"\n"
                + "  ca_file: \"" + certs.ca() + "\"\n  verify: true\n}\n"
                + "authorization {\n  users = [ { nkey: \"" + new String(user.getPublicKey()) + "\" } ]\n}\n");
        try (NatsServerProcess nats = NatsServerProcess.start(List.of("-c", conf.toString()))) {
            Map<String, String> env = withTls(planes("nats", "tcp"));
            env.put("WEIR_NATS_URL", "tls://127.0.0.1:" + nats.port());
            env.put("WEIR_NATS_SERVICE", "secure-echoes");
            env.put("WEIR_NATS_CREDS", creds.toString());
            TransportConfig config = TransportConfig.from(env, new Properties());
            try (RpcServers servers = RpcServers.start(config, HANDLERS, group, registry, Clock.systemUTC());
                 RpcClient client = client(config)) {
                var answer = new RecordingResponse(0);
                client.call(servers.address(TransportId.NATS), new RpcRequest("echo", Map.of(), "hi".getBytes(StandardCharsets.UTF_8)),
                        10, answer);
                await().atMost(Duration.ofSeconds(10)).until(answer::finished);
                assertThat(answer.error.get()).isNull();
                assertThat(answer.records).containsExactly("{\"echo\":\"hi\"}");
            }

            env.remove("WEIR_NATS_CREDS");
            assertThatThrownBy(() -> client(TransportConfig.from(env, new Properties())).close())
                    .isInstanceOf(TransportException.class).hasMessageContaining("set WEIR_NATS_TOKEN or WEIR_NATS_CREDS");
        }
    }

    @Test
    void anUnreadableCredentialsFileIsRefusedAtStartNamingTheSetting() {
        Map<String, String> env = planes("nats", "tcp");
        env.put("WEIR_NATS_CREDS", dir.resolve("missing.creds").toString());
        assertThatThrownBy(() -> TransportConfig.from(env, new Properties())).hasMessageContaining("WEIR_NATS_CREDS")
                .hasMessageContaining("missing.creds");
    }
}
