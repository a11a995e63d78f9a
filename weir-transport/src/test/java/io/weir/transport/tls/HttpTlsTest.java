package io.weir.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ClientAuth;
import io.weir.transport.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

class HttpTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private DisposableServer server;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void anHttpsServerAnswersAClientThatTrustsItsCa() {
        start(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), null, ClientAuth.NONE));
        var client = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());

        assertThat(get(client, "https://localhost:" + server.port() + "/hello")).isEqualTo("hello over tls");
        assertThat(get(client, "https://127.0.0.1:" + server.port() + "/hello")).isEqualTo("hello over tls");
    }

    @Test
    void aPlaintextRequestToAnHttpsServerGetsNoAnswer() {
        start(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), null, ClientAuth.NONE));

        assertThatThrownBy(() -> get(HttpClient.create(), "http://127.0.0.1:" + server.port() + "/hello"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aClientWithTlsSettingsStillSpeaksPlainHttpToAnHttpUrl() {
        start(TlsConfig.disabled());
        var client = TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());

        assertThat(get(client, "http://127.0.0.1:" + server.port() + "/hello")).isEqualTo("hello over tcp");
    }

    @Test
    void aClientRefusesAServerItsCaDidNotSign() {
        start(TlsConfig.of(certs.strangerCert(), certs.strangerKey(), null, ClientAuth.NONE));
        var client = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());

        assertThatThrownBy(() -> get(client, "https://localhost:" + server.port() + "/hello"))
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void aClientRefusesACertificateForAnotherHost() {
        start(TlsConfig.of(certs.wrongHostCert(), certs.wrongHostKey(), null, ClientAuth.NONE));
        var client = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());

        assertThatThrownBy(() -> get(client, "https://localhost:" + server.port() + "/hello"))
                .hasStackTraceContaining("No subject alternative");
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() {
        start(TlsConfig.of(certs.nodeCert(), certs.nodeKey(), certs.ca(), ClientAuth.REQUIRE));
        var anonymous = TlsConfig.of(null, null, certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());
        var stranger = TlsConfig.of(certs.strangerCert(), certs.strangerKey(), certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());
        var member = TlsConfig.of(certs.clientCert(), certs.clientKey(), certs.ca(), ClientAuth.NONE).applyTo(HttpClient.create());
        String url = "https://localhost:" + server.port() + "/hello";

        assertThatThrownBy(() -> get(anonymous, url)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> get(stranger, url)).isInstanceOf(RuntimeException.class);
        assertThat(get(member, url)).isEqualTo("hello over tls");
    }

    private void start(TlsConfig tls) {
        String body = tls.enabled() ? "hello over tls" : "hello over tcp";
        server = tls.applyTo(HttpServer.create().host("127.0.0.1").port(0))
                .route(r -> r.get("/hello", (req, res) -> res.sendString(Mono.just(body))))
                .bindNow(TIMEOUT);
    }

    private static String get(HttpClient client, String url) {
        return client.get().uri(url).responseSingle((res, body) -> res.status().code() == 200
                        ? body.asString() : Mono.error(new IllegalStateException("status " + res.status())))
                .block(TIMEOUT);
    }
}
