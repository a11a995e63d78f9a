package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/jobs/{jobId}/sinkToken} on a master that runs without a secret. */
class SinkTokenRouteTest {

    @TempDir
    Path dataDir;
    private MasterFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void withoutASecretTheRouteSaysSinksNeedNoToken() {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST)
                .configure(c -> c.withSecurity(io.weir.master.security.SecurityConfig.OFF)).start();
        var res = fixture.http().get("/api/v1/jobs/wc-1/sinkToken");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.body().get("error").asText()).isEqualTo("this cluster runs without a secret; sinks need no token");
    }
}
