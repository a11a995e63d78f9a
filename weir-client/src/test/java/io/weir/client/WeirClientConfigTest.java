package io.weir.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.client.internal.MasterHttp;
import io.weir.transport.tls.TlsConfig;
import org.junit.jupiter.api.Test;

class WeirClientConfigTest {

    @Test
    void anHttpsMasterIsReachedWithTheHttpsSchemeAndAnythingElseIsRefused() {
        try (var http = new MasterHttp(WeirClientConfig.of("https://master.example:8100/"), TlsConfig.disabled())) {
            assertThat(http.config().masterUrl()).isEqualTo("https://master.example:8100");
            assertThat(http.scheme()).isEqualTo("https");
        }
        try (var http = new MasterHttp(WeirClientConfig.of("http://127.0.0.1:8100"))) {
            assertThat(http.scheme()).isEqualTo("http");
        }
        assertThatThrownBy(() -> WeirClientConfig.of("ftp://master:8100"))
                .hasMessage("masterUrl: 'ftp://master:8100' (expected: http://host:port or https://host:port)");
    }
}
