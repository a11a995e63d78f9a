package io.weir.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weir.client.MasterUnavailableException;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.WeirClientException;
import io.weir.client.testing.Clusters;
import io.weir.client.testing.SinkJob;
import io.weir.core.model.JobDetails;
import io.weir.core.model.JobState;
import io.weir.core.model.StageDefinition;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The typed REST client against a real master (H2 store, in-process scheduler). */
class WeirClientRestTest {

    @TempDir
    Path dataDir;
    MasterFixture master;
    WeirClient client;

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        client = WeirClient.create(WeirClientConfig.of(master.http().base()).withToken(io.weir.master.testing.TestSecrets.ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        client.close();
        master.close();
    }

    @Test
    void aJarIsUploadedAndNamedByItsDigest() throws Exception {
        Path jar = dataDir.resolve("job.jar");
        java.nio.file.Files.write(jar, new byte[] {'P', 'K', 3, 4, 42});
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.nio.file.Files.readAllBytes(jar)));
        var stored = client.artifacts().upload(jar);
        assertThat(stored).isEqualTo(new Artifacts.StoredArtifact("master:" + sha, sha, 5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.artifacts().upload(dataDir.resolve("none.jar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
    }

    @Test
    void clusterIsCreatedReadListedUpdatedAndDeleted() {
        var created = client.jobClusters().create(Clusters.twoStages("wc", 2));
        assertThat(created.stages().get(2).numWorkers()).isEqualTo(2);
        assertThat(client.jobClusters().get("wc").labels()).containsEntry("team", "client");
        assertThat(client.jobClusters().list()).extracting(d -> d.name()).containsExactly("wc");

        var stages = new TreeMap<>(created.stages());
        stages.put(1, StageDefinition.ofWorkers(1));
        var v2 = new io.weir.core.model.JobClusterDefinition("wc", created.jobClass(), null, "2", created.parameters(), stages,
                created.sla(), created.labels());
        assertThat(client.jobClusters().update(v2).version()).isEqualTo("2");
        assertThat(client.jobClusters().getAsync("wc").block().version()).isEqualTo("2");

        client.jobClusters().delete("wc");
        assertThat(client.jobClusters().list()).isEmpty();
    }

    @Test
    void submitAppliesOverridesAndJobsAreListedFilteredKilledWithAReason() {
        client.jobClusters().create(Clusters.twoStages("wc", 2));
        JobDetails first = client.jobClusters().submit("wc", SubmitOverrides.NONE.withWorkers(2, 3).withParameter("eventsPerSecond", "5")
                .withLabel("run", "a"));
        assertThat(first.jobId()).isEqualTo("wc-1");
        assertThat(first.stages().get(1).numWorkers()).isEqualTo(3);
        assertThat(first.parameters()).containsEntry("eventsPerSecond", "5");
        assertThat(first.labels()).containsEntry("run", "a").containsEntry("team", "client");
        String second = client.jobClusters().submit("wc").jobId();

        client.jobs().kill(first.jobId(), "replaced by " + second);
        await().until(() -> client.jobs().get(first.jobId()).state() == JobState.Killed);
        JobDetails killed = client.jobs().get(first.jobId());
        assertThat(killed.reason()).isEqualTo("replaced by wc-2");
        assertThat(client.jobs().list(JobFilter.ALL.ofCluster("wc"))).extracting(JobDetails::jobId).containsExactly("wc-2", "wc-1");
        assertThat(client.jobs().list(JobFilter.ALL.active())).extracting(JobDetails::jobId).containsExactly("wc-2");
        assertThat(client.jobs().list(JobFilter.ALL.terminal().limit(5))).extracting(JobDetails::jobId).containsExactly("wc-1");
        assertThat(client.jobs().list(JobFilter.ALL.ofCluster("other"))).isEmpty();
    }

    @Test
    void stagesAreScaledAndWorkersResubmitted() {
        client.jobClusters().create(Clusters.twoStages("wc", 2));
        String jobId = client.jobClusters().submit("wc").jobId();
        try (var job = new SinkJob(master.http(), jobId, false)) {
            job.startLaunched(3);
            assertThat(client.jobs().scaleStage(jobId, 2, 4).stages().get(1).numWorkers()).isEqualTo(4);

            int victim = client.jobs().get(jobId).stages().get(0).workers().get(0).workerNumber();
            JobDetails after = client.jobs().resubmitWorker(jobId, victim, "test");
            assertThat(after.stages().get(0).workers()).anySatisfy(w -> {
                assertThat(w.resubmitOf()).isEqualTo(victim);
                assertThat(w.workerIndex()).isZero();
            });
        }
    }

    @Test
    void userErrorsCarryTheStatusAndTheMastersSentence() {
        assertThatThrownBy(() -> client.jobs().get("nope-1"))
                .isInstanceOfSatisfying(WeirClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.isUserError()).isTrue();
                    assertThat(e).isNotInstanceOf(MasterUnavailableException.class);
                })
                .hasMessage("job nope-1 does not exist");
        var bad = Clusters.twoStages("wc", 2);
        var badStages = new TreeMap<>(bad.stages());
        badStages.put(2, StageDefinition.ofWorkers(0));
        assertThatThrownBy(() -> client.jobClusters().create(new io.weir.core.model.JobClusterDefinition("wc", bad.jobClass(), null,
                "1", bad.parameters(), badStages, null, null)))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("stages.2.numWorkers: 0");
        client.jobClusters().create(bad);
        assertThatThrownBy(() -> client.jobClusters().create(bad))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(409));
        client.jobClusters().submit("wc");
        assertThatThrownBy(() -> client.jobClusters().delete("wc"))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> client.jobs().scaleStage("wc-1", 1, 2))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.isUserError()).isTrue())
                .hasMessageContaining("not scalable");
    }

    @Test
    void healthReadinessAndResourceClusterViews() {
        assertThat(client.isHealthy()).isTrue();
        assertThat(client.isReady()).isTrue();
        assertThatThrownBy(() -> client.resourceClusters().taskExecutors("default"))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("weir agent --cluster default");
        var registered = master.http().withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET)
                .post("/api/v1/resourceClusters/default/actions/registerTaskExecutor",
                "{\"id\":\"agent-1\",\"host\":\"127.0.0.1\",\"machine\":{\"cpuCores\":4,\"memoryMB\":4096},"
                        + "\"ports\":{\"from\":7100,\"to\":7199},\"agentUrl\":\"http://127.0.0.1:1\"}");
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);

        assertThat(client.resourceClusters().list()).contains("default");
        assertThat(client.resourceClusters().taskExecutors("default")).singleElement().satisfies(te -> {
            assertThat(te.id()).isEqualTo("agent-1");
            assertThat(te.machine().cpuCores()).isEqualTo(4.0);
            assertThat(te.state()).isIn("available", "assigned", "running");
        });
        assertThat(client.resourceClusters().reservations("default").isObject()).isTrue();
    }

    @Test
    void theTokenGoesWithEveryCallAndARefusalIsAUserErrorNamingTheFix() {
        String url = master.http().base();
        try (var anonymous = WeirClient.create(url);
             var reader = WeirClient.create(WeirClientConfig.of(url).withToken(io.weir.master.testing.TestSecrets.READ_TOKEN))) {
            assertThatThrownBy(() -> anonymous.jobs().list(JobFilter.ALL))
                    .isInstanceOfSatisfying(WeirClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.isUserError()).isTrue();
                    })
                    .hasMessageContaining("Authorization: Bearer");
            assertThat(anonymous.isHealthy()).isTrue();
            assertThat(reader.jobs().list(JobFilter.ALL)).isEmpty();
            assertThatThrownBy(() -> reader.jobClusters().create(Clusters.twoStages("wc", 2)))
                    .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(403))
                    .hasMessageContaining("needs admin");
            assertThat(client.jobClusters().list()).isEmpty();
        }
        assertThat(WeirClientConfig.of(url).withToken("secret-token-value").toString()).doesNotContain("secret-token-value");
    }

    @Test
    void unreachableMasterIsUnavailableNotAUserError() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (var down = WeirClient.create("http://127.0.0.1:" + closedPort)) {
            assertThatThrownBy(() -> down.jobs().list(JobFilter.ALL))
                    .isInstanceOfSatisfying(MasterUnavailableException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.isUserError()).isFalse();
                    })
                    .hasMessageContaining("cannot reach the master at http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void serverErrorsSilenceAndOversizedAnswersFailClearly() {
        DisposableServer odd = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .get("/api/v1/jobs/recovering-1", (req, res) -> res.status(503).header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"error\":\"the master is recovering\"}")))
                .get("/api/v1/jobs/silent-1", (req, res) -> Mono.never())
                .get("/api/v1/jobClusters", (req, res) -> res.sendString(Mono.just("{\"list\":[\"" + "x".repeat(4096) + "\"]}"))))
                .bindNow();
        String url = "http://127.0.0.1:" + odd.port();
        try (var c = WeirClient.create(WeirClientConfig.of(url).withMaxResponseBytes(1024));
             var impatient = WeirClient.create(WeirClientConfig.of(url).withRequestTimeoutMillis(300))) {
            assertThatThrownBy(() -> c.jobs().get("recovering-1"))
                    .isInstanceOfSatisfying(MasterUnavailableException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessageContaining("the master is recovering");
            assertThatThrownBy(() -> c.jobClusters().list())
                    .isInstanceOf(WeirClientException.class).hasMessageContaining("larger than 1024 bytes");
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.jobs().get("silent-1"))
                    .isInstanceOf(MasterUnavailableException.class).hasMessageContaining("no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            odd.disposeNow();
        }
    }
}
