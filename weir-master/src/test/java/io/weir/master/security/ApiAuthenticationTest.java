package io.weir.master.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.security.ClusterSecret;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's API over real HTTP with authentication on: no or unknown token is 401, a read token may read but not
 * change (403), nothing a refused call asked for happens, health is open, discovery streams need a read token or their
 * job's token.
 */
class ApiAuthenticationTest {

    private static final String CLUSTER = "{\"name\":\"wc\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}";

    @TempDir
    Path dir;
    MasterFixture fixture;
    TestHttp admin;
    TestHttp reader;
    TestHttp anonymous;

    @BeforeEach
    void start() {
        fixture = new MasterFixture(Stores.h2(dir), dir, MasterFixture.FAST).start();
        admin = fixture.http();
        reader = admin.withToken(TestSecrets.READ_TOKEN);
        anonymous = admin.withToken(null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void withoutATokenEveryCallButHealthIsRefused401NamingTheHeaderAndNothingChanges() {
        var create = anonymous.post("/api/v1/jobClusters", CLUSTER);
        assertThat(create.status()).as(create.text()).isEqualTo(401);
        assertThat(create.body().get("error").asText()).startsWith("missing credential: send 'Authorization: Bearer <token>'")
                .contains("docs/security.md");
        assertThat(anonymous.get("/api/v1/jobClusters").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(anonymous.get("/no/such/path").status()).as("unknown paths reveal nothing either").isEqualTo(401);

        assertThat(admin.get("/api/v1/jobClusters").body().get("list")).isEmpty();
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void anUnknownTokenIs401AndABearerOfAnotherSchemeCountsAsNone() {
        var res = admin.withToken("not-a-token-of-this-master").get("/api/v1/jobClusters");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.body().get("error").asText()).startsWith("unknown token");
        assertThat(admin.withToken(TestSecrets.ADMIN_TOKEN.substring(1)).get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(admin.withToken(TestSecrets.ADMIN_TOKEN + "x").get("/api/v1/jobs").status()).isEqualTo(401);
    }

    @Test
    void aReadTokenReadsButEveryChangeIs403AndLeavesTheStateAsItWas() {
        assertThat(admin.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        String jobId = admin.post("/api/v1/jobClusters/wc/jobs", "").body().get("jobId").asText();

        assertThat(reader.get("/api/v1/jobClusters/wc").status()).isEqualTo(200);
        assertThat(reader.get("/api/v1/jobs/" + jobId).status()).isEqualTo(200);
        var kill = reader.delete("/api/v1/jobs/" + jobId + "?reason=not-yours");
        assertThat(kill.status()).as(kill.text()).isEqualTo(403);
        assertThat(kill.body().get("error").asText()).isEqualTo("the token of WEIR_READ_TOKEN has role read; this call needs admin "
                + "(use an admin token)");
        assertThat(reader.post("/api/v1/jobClusters/wc/jobs", "").status()).isEqualTo(403);
        assertThat(reader.put("/api/v1/jobClusters/wc", CLUSTER.replace("a.B", "c.D")).status()).isEqualTo(403);
        assertThat(reader.delete("/api/v1/jobClusters/wc").status()).isEqualTo(403);
        assertThat(reader.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":1,"
                + "\"state\":\"Failed\"}]}").status()).isEqualTo(403);

        assertThat(admin.get("/api/v1/jobs/" + jobId).body().get("state").asText()).isNotIn("Killed", "Failed", "Completed");
        assertThat(admin.get("/api/v1/jobs?cluster=wc").body().get("list")).hasSize(1);
        assertThat(admin.get("/api/v1/jobClusters/wc").body().get("jobClass").asText()).isEqualTo("a.B");
        assertThat(admin.get("/metrics").text()).contains("weir_http_requests_refused_total{reason=\"role_too_low\"} 5.0");
    }

    @Test
    void discoveryStreamsNeedAReadTokenOrAJobToken() throws Exception {
        admin.post("/api/v1/jobClusters", CLUSTER);
        String jobId = admin.post("/api/v1/jobClusters/wc/jobs", "").body().get("jobId").asText();
        var tokens = ClusterSecret.of(TestSecrets.CLUSTER_SECRET, "test").jobTokens();
        String base = admin.base();

        try (var none = new SseClient(base + "/assignmentresults/" + jobId, null);
             var alias = new SseClient(base + "/api/v1/jobDiscoveryStream/" + jobId, null);
             var named = new SseClient(base + "/namedjobs/wc", null);
             var otherJob = new SseClient(base + "/assignmentresults/" + jobId, tokens.tokenFor("wc-99"));
             var otherCluster = new SseClient(base + "/namedjobs/other", tokens.tokenFor(jobId));
             var forged = new SseClient(base + "/assignmentresults/" + jobId, tokens.tokenFor(jobId) + "x");
             var jobRest = new SseClient(base + "/api/v1/jobs/" + jobId, tokens.tokenFor(jobId))) {
            assertThat(none.status()).isEqualTo(401);
            assertThat(alias.status()).isEqualTo(401);
            assertThat(named.status()).isEqualTo(401);
            assertThat(otherJob.status()).as("a job may follow another job").isEqualTo(200);
            assertThat(otherCluster.status()).as("or another cluster (none here)").isEqualTo(404);
            assertThat(forged.status()).isEqualTo(401);
            assertThat(jobRest.status()).as("a job token opens only discovery").isEqualTo(403);
        }
        try (var read = new SseClient(base + "/assignmentresults/" + jobId, TestSecrets.READ_TOKEN);
             var worker = new SseClient(base + "/assignmentresults/" + jobId + "?sendHB=true", tokens.tokenFor(jobId));
             var workerNamed = new SseClient(base + "/namedjobs/wc", tokens.tokenFor(jobId))) {
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.nextNonHeartbeat(5).get("jobId").asText()).isEqualTo(jobId);
            assertThat(worker.status()).isEqualTo(200);
            assertThat(worker.nextNonHeartbeat(5).get("jobId").asText()).isEqualTo(jobId);
            assertThat(workerNamed.status()).isEqualTo(200);
            assertThat(workerNamed.nextNonHeartbeat(5).get("jobId").asText()).isEqualTo(jobId);
        }
    }
}
