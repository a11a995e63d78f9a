package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.security.JobTokens;
import io.weir.master.security.SecurityConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/jobs/{jobId}/sinkToken}: the job's sink read token for readers, or why there is none. */
class SinkTokenRouteTest {

    @TempDir
    Path dataDir;
    private MasterFixture fixture;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String submit() {
        var created = fixture.http().post("/api/v1/jobClusters", ControlPlaneContract.CLUSTER);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        var res = fixture.http().post("/api/v1/jobClusters/wc/jobs", "");
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        return res.body().get("jobId").asText();
    }

    @Test
    void aReaderGetsTheSinkTokenDerivedFromTheJobToken() {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        String jobId = submit();
        var res = fixture.http().withToken(TestSecrets.READ_TOKEN).get("/api/v1/jobs/" + jobId + "/sinkToken");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        String jobToken = new JobTokens(TestSecrets.CLUSTER_SECRET.getBytes(StandardCharsets.UTF_8)).tokenFor(jobId);
        assertThat(res.body().get("sinkToken").asText()).isEqualTo(JobTokens.sinkToken(jobToken)).startsWith("ws1." + jobId + ".");
        assertThat(fixture.http().withToken(null).get("/api/v1/jobs/" + jobId + "/sinkToken").status()).isEqualTo(401);
        var missing = fixture.http().get("/api/v1/jobs/nope-1/sinkToken");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error").asText()).isEqualTo("job nope-1 does not exist");
    }

    @Test
    void withoutASecretTheRouteSaysSinksNeedNoToken() {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST)
                .configure(c -> c.withSecurity(SecurityConfig.OFF)).start();
        var res = fixture.http().get("/api/v1/jobs/wc-1/sinkToken");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.body().get("error").asText()).isEqualTo("this cluster runs without a secret; sinks need no token");
    }
}
