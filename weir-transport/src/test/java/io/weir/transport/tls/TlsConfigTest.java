package io.weir.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.transport.tcp.ChannelSecurity;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir);
    }

    @Test
    void withoutSettingsTlsIsOff() {
        var tls = TlsConfig.from(Settings.empty());

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.scheme()).isEqualTo("http");
        assertThat(tls.applyTo(TcpSettings.DEFAULTS).security()).isSameAs(ChannelSecurity.NONE);
    }

    @Test
    void aCertificateAndKeySwitchTlsOnForEveryPlane() {
        var tls = TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString(),
                "WEIR_TLS_KEY", certs.nodeKey().toString())));

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.scheme()).isEqualTo("https");
        assertThat(tls.applyTo(TcpSettings.DEFAULTS).security()).isInstanceOf(TcpTls.class);
    }

    @Test
    void aMissingFileIsNamedWithItsSetting() {
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", dir.resolve("nope.pem").toString(),
                "WEIR_TLS_KEY", certs.nodeKey().toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("WEIR_TLS_CERT: " + dir.resolve("nope.pem") + " does not exist");
    }

    @Test
    void aFileThatIsNotPemIsNamedWithItsSetting() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello");

        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CA", junk.toString()))))
                .hasMessageStartingWith("WEIR_TLS_CA: " + junk + " is not a PEM certificate file");
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString(),
                "WEIR_TLS_KEY", certs.nodeCert().toString()))))
                .hasMessageStartingWith("WEIR_TLS_KEY: " + certs.nodeCert() + " is not an unencrypted PEM PKCS#8 key");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString(),
                "WEIR_TLS_KEY", certs.clientKey().toString()))))
                .hasMessageStartingWith("WEIR_TLS_KEY: the key does not belong to the first certificate of WEIR_TLS_CERT");
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDates() {
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.expiredCert().toString(),
                "WEIR_TLS_KEY", certs.expiredKey().toString()))))
                .hasMessageStartingWith("WEIR_TLS_CERT: " + certs.expiredCert() + ": CN=localhost is valid from ")
                .hasMessageEndingWith(", not now");
    }

    @Test
    void halfAPairOrClientAuthWithoutACaIsRefused() {
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString()))))
                .hasMessage("WEIR_TLS_KEY: missing (required with WEIR_TLS_CERT)");
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CERT", certs.nodeCert().toString(),
                "WEIR_TLS_KEY", certs.nodeKey().toString(), "WEIR_TLS_CLIENT_AUTH", "require"))))
                .hasMessageStartingWith("WEIR_TLS_CLIENT_AUTH: require needs WEIR_TLS_CERT, WEIR_TLS_KEY and WEIR_TLS_CA");
        assertThatThrownBy(() -> TlsConfig.from(settings(Map.of("WEIR_TLS_CLIENT_AUTH", "always"))))
                .hasMessageStartingWith("WEIR_TLS_CLIENT_AUTH: 'always' (expected: one of [none, optional, require])");
    }

    private static Settings settings(Map<String, String> env) {
        return new Settings(env, new Properties());
    }
}
