package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.security.ClusterSecret;
import io.weir.master.testing.TestSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication between real processes: an agent starts workers only for its master, an agent without the cluster
 * secret is refused and exits saying why, and the {@code weir} command sends its token and says how to get one.
 */
class AuthenticationProcessesTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String markerJob(String name, Path marker) {
        return "{\"name\":\"" + name + "\",\"jobClass\":\"io.weir.agent.builtin.MarkerWorker\",\"parameters\":{\"marker\":\"" + marker
                + "\"},\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}";
    }

    private static String assignment(String jobId, Path marker) {
        return "{\"jobId\":\"" + jobId + "\",\"workerNumber\":1,\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"io.weir.agent.builtin.MarkerWorker\",\"parameters\":{\"marker\":\"" + marker + "\"},\"ports\":[]}";
    }

    @Test
    void anAgentStartsWorkersOnlyForItsMasterAndAForgedAssignmentStartsNothing() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 1)) {
            var executor = cluster.http().get("/api/v1/resourceClusters/default/taskExecutors").body().get("list").get(0);
            String agentUrl = executor.get("metricsUrl").asText().replace("/metrics", "");
            Path forged = dataDir.resolve("forged.started");
            for (String credential : new String[] {null, TestSecrets.ADMIN_TOKEN, TestSecrets.CLUSTER_SECRET}) {
                var request = HttpRequest.newBuilder(URI.create(agentUrl + "/api/v1/workers"))
                        .POST(HttpRequest.BodyPublishers.ofString(assignment("forged-1", forged)));
                if (credential != null) {
                    request.header("Authorization", "Bearer " + credential);
                }
                var res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(401);
            }

            Path real = dataDir.resolve("real.started");
            assertThat(cluster.http().post("/api/v1/jobClusters", markerJob("marked", real)).status()).isEqualTo(201);
            String jobId = cluster.http().post("/api/v1/jobClusters/marked/jobs", "").body().get("jobId").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(real) && cluster.http().get("/api/v1/jobs/" + jobId)
                    .body().get("state").asText().equals("Launched"));

            assertThat(forged).doesNotExist();
            String masterKey = ClusterSecret.of(TestSecrets.CLUSTER_SECRET, "test").agentKey();
            var running = http.send(HttpRequest.newBuilder(URI.create(agentUrl + "/api/v1/workers"))
                    .header("Authorization", "Bearer " + masterKey).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.body()).contains(jobId).doesNotContain("forged-1");
        }
    }

    @Test
    void anAgentWithoutTheClusterSecretIsRefusedAndExitsSayingWhichSecretItNeeds() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 1)) {
            var wrong = WeirProcess.run(60, Map.of("WEIR_CLUSTER_SECRET", "a-wrong-cluster-secret-0123"),
                    "agent", "--master", cluster.masterUrl(), "--id", "intruder", "--host", "127.0.0.1");
            assertThat(wrong.code()).as(wrong.output()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(wrong.output()).contains("weir: the master refused this agent's cluster secret: registration needs the cluster "
                    + "secret: start the agent with WEIR_CLUSTER_SECRET_FILE");

            var none = WeirProcess.run(60, Map.of("WEIR_CLUSTER_SECRET", ""),
                    "agent", "--master", cluster.masterUrl(), "--id", "intruder", "--host", "127.0.0.1");
            assertThat(none.code()).as(none.output()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(none.output()).contains("no cluster secret: set WEIR_CLUSTER_SECRET_FILE");

            var executors = cluster.http().get("/api/v1/resourceClusters/default/taskExecutors").body().get("list");
            assertThat(executors).hasSize(1);
            assertThat(executors.get(0).get("id").asText()).isEqualTo("agent-0");
        }
    }

    @Test
    void theCliSendsItsTokenAndARefusalSaysHowToGetOne() throws Exception {
        try (var master = MasterProcess.start(dataDir)) {
            var http = new io.weir.master.testing.TestHttp(master.url());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            Path definition = Files.writeString(dataDir.resolve("c.json"), "{\"name\":\"c\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");

            var anonymous = WeirProcess.run(60, Map.of("WEIR_TOKEN", ""), "jobs", "list", "--master", master.url());
            assertThat(anonymous.code()).as(anonymous.output()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(anonymous.output()).contains("weir: this master needs a token and none was found: give one with --token, WEIR_TOKEN");

            var reader = WeirProcess.run(60, Map.of("WEIR_TOKEN", ""), "clusters", "create", definition.toString(), "--master", master.url(),
                    "--token", TestSecrets.READ_TOKEN);
            assertThat(reader.code()).as(reader.output()).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(reader.output()).contains("has role read; this call needs admin");
            assertThat(http.get("/api/v1/jobClusters").body().get("list")).isEmpty();

            Path tokenFile = Files.writeString(dataDir.resolve("token"), TestSecrets.ADMIN_TOKEN + "\n");
            var admin = WeirProcess.run(60, Map.of("WEIR_TOKEN", ""), "clusters", "create", definition.toString(), "--master", master.url(),
                    "--token-file", tokenFile.toString());
            assertThat(admin.code()).as(admin.output()).isZero();
            assertThat(http.get("/api/v1/jobClusters").body().get("list")).hasSize(1);
        }
    }
}
