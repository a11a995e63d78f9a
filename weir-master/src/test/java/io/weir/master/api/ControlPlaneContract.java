package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.Heartbeater;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane's behaviour over real HTTP; subclasses choose the store (H2, PostgreSQL). */
abstract class ControlPlaneContract {

    static final String CLUSTER = """
            {"name":"wc","jobClass":"io.weir.examples.WordCountJob","version":"1",
             "parameters":{"eventsPerSecond":"1000"},
             "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":1,"memoryMB":256}},
                       "2":{"numWorkers":2,"scalable":true,"min":1,"max":5}},
             "sla":{"min":0,"max":0,"durationType":"Perpetual"},"labels":{"team":"demo"}}""";

    static final String SHA = "ab".repeat(32);

    @TempDir
    Path dataDir;
    MasterFixture fixture;
    TestHttp http;
    final List<AutoCloseable> closeables = new ArrayList<>();

    abstract String storeUrl(Path dir);

    @BeforeEach
    void startMaster() {
        fixture = new MasterFixture(storeUrl(dataDir), dataDir, MasterFixture.FAST).start();
        http = fixture.http();
    }

    @AfterEach
    void stopMaster() throws Exception {
        for (var c : closeables) {
            c.close();
        }
        fixture.close();
    }

    <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    String submit() {
        var res = http.post("/api/v1/jobClusters/wc/jobs", "");
        assertThat(res.status()).as(res.text()).isEqualTo(201);
        return res.body().get("jobId").asText();
    }

    List<JsonNode> workers(String jobId) {
        var res = http.get("/api/v1/jobs/" + jobId);
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        var out = new ArrayList<JsonNode>();
        res.body().get("stages").forEach(s -> s.get("workers").forEach(out::add));
        return out;
    }

    List<JsonNode> stageWorkers(String jobId, int stage) {
        var out = new ArrayList<JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").get(stage - 1).get("workers").forEach(out::add);
        return out;
    }

    JsonNode event(String jobId, int workerNumber, String state, Integer port) {
        var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber
                + ",\"state\":\"" + state + "\"" + (port == null ? "" : ",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + port + "]}") + "}]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return res.body().get("results").get(0);
    }

    /** Reports every live worker of the job StartInitiated then Started, keeping them alive with heartbeats. */
    Heartbeater startAll(String jobId) {
        var hb = closing(new Heartbeater(http, jobId));
        await().until(() -> workers(jobId).stream().allMatch(w -> w.get("state").asText().equals("Launched")));
        var launched = workers(jobId);
        launched.forEach(w -> hb.add(w.get("workerNumber").asInt()));
        for (var w : launched) {
            int n = w.get("workerNumber").asInt();
            assertThat(event(jobId, n, "StartInitiated", null).get("outcome").asText()).isEqualTo("ok");
            assertThat(event(jobId, n, "Started", 7000 + n).get("outcome").asText()).isEqualTo("ok");
        }
        return hb;
    }

    String withArtifact(String name, String artifact, String sha) {
        return CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"" + name + "\",\"artifact\":\"" + artifact + "\""
                + (sha == null ? "" : ",\"artifactSha256\":\"" + sha + "\""));
    }

    void restartWith(java.util.function.UnaryOperator<io.weir.master.MasterConfig> change) {
        fixture.close();
        fixture = new MasterFixture(storeUrl(dataDir), dataDir, MasterFixture.FAST).configure(change).start();
        http = fixture.http();
    }

    @Test
    void artifactsOutsideTheAllowedPrefixesOrWithoutAShaAreRefused() {
        var outside = http.post("/api/v1/jobClusters", withArtifact("a1", "https://evil.example.com/job.jar", SHA));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body().get("error").asText()).isEqualTo("artifact https://evil.example.com/job.jar is not under an allowed"
                + " prefix (WEIR_ARTIFACT_ALLOWED_PREFIXES is empty): publish the jar under one of them, or add its location to"
                + " WEIR_ARTIFACT_ALLOWED_PREFIXES on the master and agents");
        var noSha = http.post("/api/v1/jobClusters", withArtifact("a2", "file:/opt/jobs/job.jar", null));
        assertThat(noSha.status()).isEqualTo(400);
        assertThat(noSha.body().get("error").asText()).contains("artifactSha256: missing", "WEIR_ARTIFACT_REQUIRE_SHA256=false");
        var badSha = http.post("/api/v1/jobClusters", withArtifact("a3", "file:/opt/jobs/job.jar", "xyz"));
        assertThat(badSha.status()).isEqualTo(400);
        assertThat(badSha.body().get("error").asText()).contains("artifactSha256: 'xyz' (expected: 64 hex digits");
        var sneaky = http.post("/api/v1/jobClusters", withArtifact("a4", "ftp://host/job.jar", SHA));
        assertThat(sneaky.status()).isEqualTo(400);
        assertThat(sneaky.body().get("error").asText()).contains("unsupported scheme");
        assertThat(http.post("/api/v1/jobClusters", withArtifact("a5", "file:/opt/jobs/job.jar", SHA)).status()).isEqualTo(201);
        var update = http.put("/api/v1/jobClusters/a5", withArtifact("a5", "http://evil.example.com/job.jar", SHA));
        assertThat(update.status()).isEqualTo(400);
        var label = http.post("/api/v1/jobClusters", CLUSTER.replace("\"team\":\"demo\"", "\"resourceCluster\":\"../x y\""));
        assertThat(label.status()).isEqualTo(400);
        assertThat(label.body().get("error").asText()).startsWith("labels.resourceCluster: '../x y' (expected: a resource cluster name");

        restartWith(c -> c.withArtifacts(new io.weir.core.model.ArtifactPolicy(
                List.of("https://repo.example.com/jobs/", "file:/opt/jobs/"), false)));
        assertThat(http.post("/api/v1/jobClusters", withArtifact("b1", "https://repo.example.com/jobs/job.jar", null)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/jobClusters", withArtifact("b2", "https://repo.example.com/jobs/../../x.jar", SHA)).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/jobClusters", withArtifact("b3", "https://repo.example.com.evil.com/jobs/x.jar", SHA)).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/jobClusters", withArtifact("b4", "/opt/jobs/../etc/x.jar", SHA)).status()).isEqualTo(400);
        assertThat(http.post("/api/v1/jobClusters", withArtifact("b5", "/opt/jobs/x.jar", null)).status()).isEqualTo(201);
    }

    @Test
    void theNumberOfJobClustersIsLimited() {
        restartWith(c -> c.withMaxClusters(2));
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/jobClusters", CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"wc2\"")).status()).isEqualTo(201);
        var third = http.post("/api/v1/jobClusters", CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"wc3\""));
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.body().get("error").asText()).isEqualTo("job cluster 'wc3' cannot be created: there are already 2 job clusters,"
                + " the limit (WEIR_MAX_CLUSTERS); delete unused ones or raise the limit");
        assertThat(http.delete("/api/v1/jobClusters/wc2").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/jobClusters", CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"wc3\"")).status()).isEqualTo(201);
    }

    @Test
    void resourceClustersAreLimitedAndOnlyARegistrationCreatesOne() {
        restartWith(c -> c.withResources(c.resources().withMaxClusters(2)));
        String actions = "/api/v1/resourceClusters/%s/actions/";
        String registration = "{\"id\":\"te-%s\",\"host\":\"h%s\",\"machine\":{\"cpuCores\":2,\"memoryMB\":1024},"
                + "\"ports\":{\"from\":7100,\"to\":7199},\"agentUrl\":\"http://127.0.0.1:1\"}";
        for (int i = 0; i < 50; i++) {
            String name = "bogus-" + i;
            assertThat(http.post(actions.formatted(name) + "heartBeatFromTaskExecutor", "{\"id\":\"te\",\"workers\":[]}").status())
                    .as("a heartbeat without a session: register again").isEqualTo(401);
            assertThat(http.post(actions.formatted(name) + "notifyTaskExecutorStatusChange", "{\"id\":\"te\",\"events\":[]}").status())
                    .as("a status change without a session").isEqualTo(401);
            assertThat(http.post(actions.formatted(name) + "disconnectTaskExecutor", "{\"id\":\"te\"}").status())
                    .as("a disconnect without a session").isEqualTo(401);
        }
        assertThat(http.get("/api/v1/resourceClusters").body().get("list")).extracting(JsonNode::asText).noneMatch(n -> n.startsWith("bogus"));
        TestHttp.Response over = null;
        for (int i = 0; i < 3 && over == null; i++) {
            var res = http.withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET)
                    .post(actions.formatted("r" + i) + "registerTaskExecutor", registration.formatted("r" + i, "r" + i));
            over = res.status() == 200 ? null : res;
        }
        assertThat(over).isNotNull();
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.body().get("error").asText()).matches("resource cluster 'r[12]' cannot be created: this master already has 2"
                + " resource clusters, the limit \\(WEIR_MAX_RESOURCE_CLUSTERS\\); reuse an existing one or raise the limit");
        var badName = http.withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET)
                .post(actions.formatted("-x") + "registerTaskExecutor", registration.formatted("c", "c"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(http.get("/api/v1/resourceClusters").body().get("list")).hasSize(2);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("weir-resource-cluster-bogus")).isEmpty();
    }

    @Test
    void createdClusterIsListedAndReadBack() {
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        var one = http.get("/api/v1/jobClusters/wc");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("stages").get("2").get("numWorkers").asInt()).isEqualTo(2);
        assertThat(one.body().get("stages").get("1").get("machine").get("memoryMB").asInt()).isEqualTo(256);
        assertThat(http.get("/api/v1/jobClusters").body().get("list").get(0).get("name").asText()).isEqualTo("wc");
        var updated = CLUSTER.replace("\"version\":\"1\"", "\"version\":\"2\"");
        assertThat(http.put("/api/v1/jobClusters/wc", updated).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/jobClusters/wc").body().get("version").asText()).isEqualTo("2");
    }

    @Test
    void submissionCreatesOneWorkerPerSlotAndDiscoveryShowsOnlyStartedWorkers() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        assertThat(jobId).isEqualTo("wc-1");
        assertThat(workers(jobId)).extracting(w -> w.get("workerIndex").asInt()).containsExactly(0, 0, 1);
        assertThat(workers(jobId)).extracting(w -> w.get("workerNumber").asInt()).doesNotHaveDuplicates();

        var sse = closing(new SseClient(http.base() + "/assignmentresults/" + jobId));
        assertThat(sse.status()).isEqualTo(200);
        var first = sse.next(5);
        assertThat(first.get("jobId").asText()).isEqualTo(jobId);
        assertThat(first.get("workerAssignments").get("2").get("numWorkers").asInt()).isEqualTo(2);
        assertThat(first.get("workerAssignments").get("2").get("hosts").size()).isZero();

        startAll(jobId);
        await().untilAsserted(() -> {
            var job = http.get("/api/v1/jobs/" + jobId).body();
            assertThat(job.get("state").asText()).isEqualTo("Launched");
        });
        JsonNode latest = sse.nextNonHeartbeat(5);
        while (latest.get("workerAssignments").get("2").get("hosts").size() < 2
                || latest.get("workerAssignments").get("1").get("hosts").size() < 1) {
            latest = sse.nextNonHeartbeat(5);
        }
        var host = latest.get("workerAssignments").get("1").get("hosts").elements().next();
        assertThat(host.get("state").asText()).isEqualTo("Started");
        assertThat(host.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(host.get("port").get(0).asInt()).isEqualTo(7000 + host.get("workerNumber").asInt());
        assertThat(fixture.scheduler().upserts).extracting(r -> r.type().name()).containsOnly("NEW_JOB");
    }

    @Test
    void transportEndpointsReportedAtStartAreAdvertisedInDiscovery() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        await().until(() -> workers(jobId).stream().allMatch(w -> w.get("state").asText().equals("Launched")));
        int n = stageWorkers(jobId, 1).get(0).get("workerNumber").asInt();
        var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n
                + ",\"state\":\"Started\",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[7001],\"endpoints\":[{\"transportId\":\"tcp\","
                + "\"plane\":\"stream\",\"address\":\"127.0.0.1:7001\"}]}}]}");
        assertThat(res.body().get("results").get(0).get("outcome").asText()).as(res.text()).isEqualTo("ok");
        var sse = closing(new SseClient(http.base() + "/assignmentresults/" + jobId));
        var host = sse.next(5).get("workerAssignments").get("1").get("hosts").get(String.valueOf(n));
        assertThat(host.get("endpoints").get(0).get("address").asText()).isEqualTo("127.0.0.1:7001");
        assertThat(host.get("endpoints").get(0).get("transportId").asText()).isEqualTo("tcp");
    }

    @Test
    void discoveryHeartbeatsFlowWhenAsked() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var sse = closing(new SseClient(http.base() + "/assignmentresults/" + jobId + "?sendHB=true"));
        sse.next(5);
        var hb = sse.next(5);
        assertThat(hb.get("jobId").asText()).isEqualTo("HB_JobId");
        assertThat(hb.get("workerAssignments").isNull()).isTrue();
    }

    @Test
    void namedJobStreamFollowsTheNewestSubmission() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        var sse = closing(new SseClient(http.base() + "/namedjobs/wc"));
        submit();
        assertThat(sse.nextNonHeartbeat(5).get("jobId").asText()).isEqualTo("wc-1");
        submit();
        var next = sse.nextNonHeartbeat(5);
        assertThat(next.get("name").asText()).isEqualTo("wc");
        assertThat(next.get("jobId").asText()).isEqualTo("wc-2");
        var late = closing(new SseClient(http.base() + "/api/v1/lastSubmittedJobIdStream/wc"));
        assertThat(late.next(5).get("jobId").asText()).isEqualTo("wc-2");
    }

    @Test
    void workerWithoutHeartbeatsIsFailedAndReplacedAtTheSameIndex() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var hb = startAll(jobId);
        var victim = workers(jobId).stream().filter(w -> w.get("workerIndex").asInt() == 1).findFirst().orElseThrow();
        int victimNumber = victim.get("workerNumber").asInt();
        hb.remove(victimNumber);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var replacement = workers(jobId).stream()
                    .filter(w -> w.get("workerIndex").asInt() == 1 && w.path("resubmitOf").asInt() == victimNumber).findFirst();
            assertThat(replacement).isPresent();
            assertThat(replacement.get().get("workerNumber").asInt()).isNotEqualTo(victimNumber);
            assertThat(replacement.get().get("totalResubmitCount").asInt()).isEqualTo(1);
        });
        assertThat(fixture.scheduler().upserts).anyMatch(r -> r.type().name().equals("REPLACE") && r.stage() == 2);
        assertThat(fixture.scheduler().terminated).contains(jobId + "#" + victimNumber);
        assertThat(event(jobId, victimNumber, "Started", 1).get("outcome").asText()).isEqualTo("unknown");
    }

    @Test
    void workerFailingTooOftenFailsTheJobWithAReason() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        for (int i = 0; i <= MasterFixture.FAST.maxResubmitsPerHour(); i++) {
            var current = await().until(() -> stageWorkers(jobId, 1).stream()
                    .filter(w -> w.get("state").asText().equals("Launched"))
                    .findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(event(jobId, current.get("workerNumber").asInt(), "Failed", null).get("outcome").asText()).isEqualTo("ok");
        }
        await().untilAsserted(() -> {
            var job = http.get("/api/v1/jobs/" + jobId).body();
            assertThat(job.get("state").asText()).isEqualTo("Failed");
            assertThat(job.get("reason").asText()).contains("failed 6 times in the last hour");
        });
    }

    JsonNode fail(String jobId, int workerNumber, String kind, String reason) {
        var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber
                + ",\"state\":\"Failed\",\"failure\":\"" + kind + "\",\"reason\":\"" + reason + "\"}]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return res.body().get("results").get(0);
    }

    /** The live worker of stage 1 index 0 once it is Launched and is not {@code previous}. */
    int nextLaunchedSource(String jobId, int previous) {
        return await().until(() -> stageWorkers(jobId, 1).stream()
                .filter(w -> w.get("state").asText().equals("Launched") && w.get("workerNumber").asInt() != previous)
                .findFirst(), java.util.Optional::isPresent).orElseThrow().get("workerNumber").asInt();
    }

    @Test
    void aPermanentStartFailureFailsTheJobAtOnceWithItsReason() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int source = nextLaunchedSource(jobId, -1);
        String reason = "start failed: InvalidDefinitionException: parameters.eventsPerSecond: 'x' (expected: an int)";
        assertThat(fail(jobId, source, "PERMANENT", reason).get("outcome").asText()).isEqualTo("ok");

        var job = http.get("/api/v1/jobs/" + jobId).body();
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        assertThat(job.get("reason").asText()).contains("cannot start", "parameters.eventsPerSecond", "fix the job cluster");
        var slot = job.get("stages").get(0).get("workers").get(0);
        assertThat(slot.get("state").asText()).isEqualTo("Failed");
        assertThat(slot.get("reason").asText()).isEqualTo(reason);
        assertThat(http.get("/api/v1/jobs?state=active").body().get("list")).isEmpty();
    }

    @Test
    void aFailureIsVisibleOnTheJobAndItsSlotAtOnce() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int source = nextLaunchedSource(jobId, -1);
        fail(jobId, source, "TRANSIENT", "start failed: IOException: Connection reset");

        var job = http.get("/api/v1/jobs/" + jobId).body();
        assertThat(job.get("state").asText()).isEqualTo("Accepted");
        assertThat(job.get("reason").asText()).isEqualTo("stage 1 worker 0 failed: start failed: IOException: Connection reset");
        var slot = job.get("stages").get(0).get("workers").get(0);
        assertThat(slot.get("lastFailure").asText()).isEqualTo("start failed: IOException: Connection reset");
        assertThat(slot.get("lastFailureAt").asLong()).isPositive();
        var listed = http.get("/api/v1/jobs?state=active").body().get("list").get(0);
        assertThat(listed.get("reason").asText()).contains("Connection reset");
    }

    @Test
    void aPortInUseIsReplacedAtOnceWithoutCountingAgainstTheJob() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int current = -1;
        for (int i = 0; i < MasterFixture.FAST.maxResubmitsPerHour() + 3; i++) {
            current = nextLaunchedSource(jobId, current);
            assertThat(fail(jobId, current, "PORT_IN_USE", "bind(..) failed: Address already in use").get("outcome").asText()).isEqualTo("ok");
        }
        int last = current;
        await().untilAsserted(() -> {
            var job = http.get("/api/v1/jobs/" + jobId).body();
            assertThat(job.get("state").asText()).isEqualTo("Accepted");
            assertThat(stageWorkers(jobId, 1).get(0).get("resubmitOf").asInt()).isEqualTo(last);
        });
    }

    @Test
    void workersWhoseAgentWasLostAreReplacedAtOnceWithoutCountingAgainstTheJob() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int current = -1;
        for (int i = 0; i < MasterFixture.FAST.maxResubmitsPerHour() + 3; i++) {
            current = nextLaunchedSource(jobId, current);
            fixture.scheduler().loseWorker(jobId, current);
        }
        int last = current;
        await().untilAsserted(() -> {
            assertThat(http.get("/api/v1/jobs/" + jobId).body().get("state").asText()).isEqualTo("Accepted");
            assertThat(stageWorkers(jobId, 1).get(0).get("resubmitOf").asInt()).isEqualTo(last);
            assertThat(stageWorkers(jobId, 1).get(0).get("lastFailure").asText()).contains("missed heartbeats");
        });
    }

    @Test
    void theResubmitLimitSurvivesARestart() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int current = -1;
        for (int i = 0; i < 3; i++) {
            current = nextLaunchedSource(jobId, current);
            fail(jobId, current, "TRANSIENT", "crash " + i);
        }
        fixture.restart();
        http = fixture.http();
        for (int i = 3; i <= MasterFixture.FAST.maxResubmitsPerHour(); i++) {
            current = nextLaunchedSource(jobId, current);
            fail(jobId, current, "TRANSIENT", "crash " + i);
        }
        await().untilAsserted(() -> {
            var job = http.get("/api/v1/jobs/" + jobId).body();
            assertThat(job.get("state").asText()).isEqualTo("Failed");
            assertThat(job.get("reason").asText()).contains("failed 6 times in the last hour", "crash 5");
        });
    }

    @Test
    void aJobLargerThanTheAdmissionLimitIsRefusedWithTheSetting() {
        var huge = CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"huge\"").replace("\"numWorkers\":1,", "\"numWorkers\":10000,");
        assertThat(http.post("/api/v1/jobClusters", huge).status()).isEqualTo(201);
        var res = http.post("/api/v1/jobClusters/huge/jobs", "");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.body().get("error").asText()).contains("at most 10000 per job", "WEIR_MAX_WORKERS_PER_JOB");
        assertThat(http.get("/api/v1/jobs?cluster=huge").body().get("list")).isEmpty();
    }

    @Test
    void aStalledControlLoopFailsNoWorkerWhoseHeartbeatsWaitedInItsQueue() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        startAll(jobId);
        var before = workers(jobId).stream().map(w -> w.get("workerNumber").asInt()).toList();
        fixture.scheduler().stallNextUpsert(MasterFixture.FAST.heartbeatTimeoutMillis() * 4);
        assertThat(http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":3}").status()).isEqualTo(200);
        await().during(Duration.ofMillis(MasterFixture.FAST.heartbeatTimeoutMillis() * 2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(workers(jobId).stream().map(w -> w.get("workerNumber").asInt()).toList()).containsAll(before));
        assertThat(http.get("/metrics").text()).containsPattern("weir_control_loop_stalls_total [1-9]");
    }

    @Test
    void illegalTransitionsAreRejectedAndNotApplied() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        startAll(jobId);
        int n = workers(jobId).get(0).get("workerNumber").asInt();
        var result = event(jobId, n, "StartInitiated", null);
        assertThat(result.get("outcome").asText()).isEqualTo("rejected");
        assertThat(result.get("message").asText()).contains("Started -> StartInitiated");
        assertThat(workers(jobId).get(0).get("state").asText()).isEqualTo("Started");
    }

    @Test
    void scaleUpAddsNewIndexesAndScaleDownStopsTheHighest() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var up = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":4}");
        assertThat(up.status()).as(up.text()).isEqualTo(200);
        assertThat(workers(jobId).stream().filter(w -> true).map(w -> w.get("workerIndex").asInt()).toList())
                .containsExactly(0, 0, 1, 2, 3);
        assertThat(fixture.scheduler().upserts).anyMatch(r -> r.type().name().equals("SCALE") && r.workers().size() == 2
                && r.stageTargetSize() == 4);

        var down = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":1}");
        assertThat(down.status()).isEqualTo(200);
        assertThat(workers(jobId).stream().map(w -> w.get("workerIndex").asInt()).toList()).containsExactly(0, 0);
        assertThat(fixture.scheduler().terminated).hasSize(3);
        assertThat(http.get("/api/v1/jobs/" + jobId).body().get("stages").get(1).get("numWorkers").asInt()).isEqualTo(1);

        var fixed = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":1,\"NumWorkers\":2}");
        assertThat(fixed.status()).isEqualTo(400);
        assertThat(fixed.body().get("error").asText()).contains("not scalable");
        var tooMany = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":6}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error").asText()).contains("max 5");
        assertThat(http.post("/api/v1/jobs/nope-1/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":2}").status()).isEqualTo(404);
        http.delete("/api/v1/jobs/" + jobId);
        assertThat(http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":2}").status()).isEqualTo(409);
    }

    @Test
    void killEndsTheJobAndItsDiscoveryStream() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        startAll(jobId);
        var sse = closing(new SseClient(http.base() + "/assignmentresults/" + jobId));
        sse.next(5);
        var kill = http.delete("/api/v1/jobs/" + jobId + "?reason=maintenance");
        assertThat(kill.status()).isEqualTo(202);
        JsonNode last = sse.nextNonHeartbeat(5);
        while (last.get("workerAssignments").size() > 0) {
            last = sse.nextNonHeartbeat(5);
        }
        assertThat(last.get("jobId").asText()).isEqualTo(jobId);
        await().until(sse::isCompleted);
        var job = http.get("/api/v1/jobs/" + jobId).body();
        assertThat(job.get("state").asText()).isEqualTo("Killed");
        assertThat(job.get("reason").asText()).isEqualTo("maintenance");
        assertThat(fixture.scheduler().terminated).hasSize(3);
        assertThat(http.get("/api/v1/jobs?state=terminal").body().get("list").get(0).get("jobId").asText()).isEqualTo(jobId);
        assertThat(http.get("/api/v1/jobs?state=active").body().get("list").size()).isZero();

        var after = closing(new SseClient(http.base() + "/assignmentresults/" + jobId));
        assertThat(after.next(5).get("workerAssignments").size()).isZero();
        await().until(after::isCompleted);
        assertThat(http.delete("/api/v1/jobs/" + jobId).status()).isEqualTo(409);
    }

    @Test
    void resubmitWorkerReplacesItAtOnce() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        startAll(jobId);
        int n = workers(jobId).get(0).get("workerNumber").asInt();
        var res = http.post("/api/v1/jobs/" + jobId + "/actions/resubmitWorker", "{\"workerNumber\":" + n + ",\"reason\":\"test\"}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(workers(jobId)).anyMatch(w -> w.path("resubmitOf").asInt() == n);
        assertThat(http.post("/api/v1/jobs/" + jobId + "/actions/resubmitWorker", "{\"workerNumber\":999}").status()).isEqualTo(404);
    }

    @Test
    void restartRecoversClustersJobsAndWorkersWithAFreshHeartbeatGrace() throws Exception {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var hb = startAll(jobId);
        var before = workers(jobId);
        fixture.restart();
        http = fixture.http();
        assertThat(http.get("/readyz").status()).isEqualTo(200);
        var after = workers(jobId);
        assertThat(after).extracting(w -> w.get("workerNumber").asInt())
                .containsExactlyElementsOf(before.stream().map(w -> w.get("workerNumber").asInt()).toList());
        assertThat(after).allMatch(w -> w.get("state").asText().equals("Started"));
        var sse = closing(new SseClient(http.base() + "/assignmentresults/" + jobId));
        var info = sse.next(5);
        assertThat(info.get("workerAssignments").get("2").get("hosts").size()).isEqualTo(2);
        assertThat(submit()).isEqualTo("wc-2");
        hb.close();
    }

    @Test
    void declaredEventTypesAreStoredWithClustersAndJobsAndSurviveARestart() throws Exception {
        String withTypes = CLUSTER.replace("\"labels\":{\"team\":\"demo\"}",
                "\"labels\":{\"team\":\"demo\"},\"eventTypes\":{\"consumes\":[\"click.v1\"],\"produces\":[\"click.counts.v1\"]}");
        assertThat(http.post("/api/v1/jobClusters", withTypes).status()).isEqualTo(201);
        String jobId = submit();
        var hb = startAll(jobId);
        fixture.restart();
        http = fixture.http();
        var types = http.get("/api/v1/jobClusters/wc").body().get("eventTypes");
        assertThat(types.toString()).isEqualTo("{\"consumes\":[\"click.v1\"],\"produces\":[\"click.counts.v1\"]}");
        var instances = http.get("/api/v1/serviceInstances?name=wc").body().get("instances");
        assertThat(instances).as("the recovered job's sink workers are instances again").hasSize(2);
        assertThat(instances.get(0).get("instanceId").asText()).isEqualTo("job:" + jobId + ":0");
        assertThat(instances.get(0).get("inputTypes").get(0).asText()).isEqualTo("click.v1");
        var bad = http.post("/api/v1/jobClusters", withTypes.replace("\"name\":\"wc\"", "\"name\":\"wc2\"").replace("click.v1", "click v1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").asText()).startsWith("eventTypes.consumes: 'click v1' (expected: an event type");
        hb.close();
    }

    @Test
    void badRequestsGetClearErrors() {
        assertThat(http.post("/api/v1/jobClusters", "{\"jobClass\":\"a.B\",\"stages\":{\"1\":{}}}").body().get("error").asText())
                .startsWith("name: missing");
        var badName = http.post("/api/v1/jobClusters", CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"w c!\""));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().get("error").asText()).contains("name");
        var noStages = http.post("/api/v1/jobClusters", "{\"name\":\"x\",\"jobClass\":\"a.B\",\"stages\":{}}");
        assertThat(noStages.body().get("error").asText()).startsWith("stages: empty");
        var negative = http.post("/api/v1/jobClusters", "{\"name\":\"x\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":-1}}}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("error").asText()).startsWith("stages.1.numWorkers: -1");
        var typo = http.post("/api/v1/jobClusters", "{\"name\":\"x\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorker\":1}}}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().get("error").asText()).contains("numWorker").contains("did you mean 'numWorkers'");
        var malformed = http.post("/api/v1/jobClusters", "{\"name\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).startsWith("malformed JSON");

        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(409);
        assertThat(http.get("/api/v1/jobClusters/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/nope-1").status()).isEqualTo(404);
        assertThat(http.post("/api/v1/jobClusters/nope/jobs", "").status()).isEqualTo(404);
        assertThat(http.get("/assignmentresults/nope-1").status()).isEqualTo(404);
        assertThat(http.get("/namedjobs/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/nothing").status()).isEqualTo(404);
        var big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(http.post("/api/v1/jobClusters", big).status()).isEqualTo(413);
        var client = java.net.http.HttpClient.newHttpClient();
        for (String route : List.of("GET /metrics", "GET /namedjobs/wc", "GET /assignmentresults/wc-1", "GET /healthz",
                "DELETE /api/v1/jobs/wc-1", "POST /api/v1/workerEvents", "PUT /api/v1/jobClusters/wc")) {
            String[] parts = route.split(" ");
            try {
                var res = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + parts[1]))
                        .header("Authorization", "Bearer " + io.weir.master.testing.TestSecrets.ADMIN_TOKEN)
                        .method(parts[0], java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(route).isEqualTo(413);
                assertThat(res.body()).as(route).contains("WEIR_MAX_REQUEST_BYTES");
            } catch (Exception e) {
                throw new AssertionError(route, e);
            }
        }
        var scaleMissing = http.post("/api/v1/jobs/wc-1/actions/scaleStage", "{\"NumWorkers\":2}");
        assertThat(scaleMissing.status()).isEqualTo(400);
        assertThat(scaleMissing.body().get("error").asText()).contains("StageNumber");
        submit();
        assertThat(http.delete("/api/v1/jobClusters/wc").status()).isEqualTo(409);
    }

    @Test
    void fuzzedBodiesNeverGetA500() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var random = new Random(42);
        String[] paths = {"/api/v1/jobClusters", "/api/v1/jobClusters/wc/jobs", "/api/v1/jobs/" + jobId + "/actions/scaleStage",
            "/api/v1/jobs/" + jobId + "/actions/resubmitWorker", "/api/v1/workerEvents"};
        String[] fragments = {"{", "}", "[", "]", "\"name\"", ":", ",", "null", "-1", "1e999", "\"stages\"", "{\"1\":",
            "\"numWorkers\"", "true", "\"events\"", "\"StageNumber\"", "\"\\u0000\"", "9999999999999", "\"state\"", "\"Started\""};
        for (int i = 0; i < 400; i++) {
            var body = new StringBuilder();
            if (random.nextInt(4) == 0) {
                byte[] raw = new byte[random.nextInt(64)];
                random.nextBytes(raw);
                body.append(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1));
            } else {
                int parts = random.nextInt(12);
                for (int p = 0; p < parts; p++) {
                    body.append(fragments[random.nextInt(fragments.length)]);
                }
            }
            String path = paths[random.nextInt(paths.length)];
            var res = http.post(path, body.toString());
            assertThat(res.status()).as("POST %s %s -> %s", path, body, res.text()).isBetween(200, 499);
            if (res.status() >= 400) {
                assertThat(res.body().get("error").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.weir");
            }
        }
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void requiredFieldsThatAreNullAreA400NamingTheField() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        var resubmit = http.post("/api/v1/jobs/" + jobId + "/actions/resubmitWorker", "{\"workerNumber\":null}");
        assertThat(resubmit.status()).as(resubmit.text()).isEqualTo(400);
        assertThat(resubmit.body().get("error").asText()).isEqualTo("workerNumber: null (expected: a number)");
        var scale = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":null,\"NumWorkers\":2}");
        assertThat(scale.status()).as(scale.text()).isEqualTo(400);
        assertThat(scale.body().get("error").asText()).isEqualTo("StageNumber: null (expected: a number)");
        var events = http.post("/api/v1/workerEvents", "{\"events\":[null]}");
        assertThat(events.status()).as(events.text()).isEqualTo(400);
        assertThat(events.body().get("error").asText()).startsWith("events.0: null");
    }

    /** Registers agent {@code id} with the cluster secret; a client presenting its session credential. */
    TestHttp registeredAgent(String id) {
        var res = http.withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET).post("/api/v1/resourceClusters/default/actions/registerTaskExecutor",
                "{\"id\":\"" + id + "\",\"host\":\"h\",\"machine\":{\"cpuCores\":1,\"memoryMB\":64},\"ports\":{\"from\":7100,\"to\":7199},"
                        + "\"agentUrl\":\"http://127.0.0.1:1\"}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return http.withToken(res.body().get("session").asText());
    }

    @Test
    void workerEventsTheStoreCannotHoldAreA400NamingTheField() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        await().until(() -> workers(jobId).stream().allMatch(w -> w.get("state").asText().equals("Launched")));
        int n = workers(jobId).get(0).get("workerNumber").asInt();
        String base = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + ",\"state\":\"StartInitiated\"";
        String longHost = base + ",\"host\":\"" + "h".repeat(300) + "\"}";
        String bigPorts = base + ",\"ports\":{\"data\":[7001],\"endpoints\":[{\"transportId\":\"tcp\",\"plane\":\"stream\","
                + "\"address\":\"h:1\",\"metadata\":{\"k\":\"" + "v".repeat(2000) + "\"}}]}}";
        var agent = registeredAgent("te-1");
        for (String path : List.of("/api/v1/workerEvents", "/api/v1/resourceClusters/default/actions/notifyTaskExecutorStatusChange")) {
            String prefix = path.endsWith("Change") ? "{\"id\":\"te-1\",\"events\":[" : "{\"events\":[";
            var client = path.endsWith("Change") ? agent : http;
            var host = client.post(path, prefix + longHost + "]}");
            assertThat(host.status()).as(host.text()).isEqualTo(400);
            assertThat(host.body().get("error").asText()).isEqualTo("events.0.host: 300 characters (expected: at most 255)");
            var ports = client.post(path, prefix + bigPorts + "]}");
            assertThat(ports.status()).as(ports.text()).isEqualTo(400);
            assertThat(ports.body().get("error").asText()).startsWith("events.0.ports: ").contains("(expected: at most 1000");
        }
        assertThat(workers(jobId).get(0).get("state").asText()).isEqualTo("Launched");
    }

    @Test
    void everyBodyWithANullWrongTypedOrMissingValueAnywhereIsAnsweredBelow500() {
        http.post("/api/v1/jobClusters", CLUSTER);
        String jobId = submit();
        int worker = workers(jobId).get(0).get("workerNumber").asInt();
        String actions = "/api/v1/resourceClusters/default/actions/";
        String event = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ",\"state\":\"Started\",\"host\":\"h\","
                + "\"ports\":{\"data\":[7001],\"metricsPort\":7002,\"customPort\":7003,\"endpoints\":[{\"transportId\":\"tcp\","
                + "\"plane\":\"stream\",\"address\":\"h:7001\",\"capabilities\":{\"streaming\":true,\"persistentConnections\":true,\"bidirectional\":false,\"maxMessageBytes\":10},"
                + "\"metadata\":{\"k\":\"v\"}}]},\"reason\":\"r\"}";
        var bodies = new java.util.LinkedHashMap<String, String>();
        bodies.put("POST /api/v1/jobClusters", CLUSTER.replace("\"name\":\"wc\"", "\"name\":\"fz\",\"artifact\":\"file:/a.jar\",\"artifactSha256\":\"" + SHA + "\"")
                .replace("\"numWorkers\":2,", "\"numWorkers\":2,\"hardConstraints\":[\"UniqueHost\"],\"softConstraints\":[\"zone=a\"],\"keyed\":true,"));
        bodies.put("PUT /api/v1/jobClusters/wc", CLUSTER);
        bodies.put("POST /api/v1/jobClusters/wc/jobs", "{\"parameters\":{\"a\":\"b\"},\"stages\":{\"2\":{\"numWorkers\":3}},\"labels\":{\"x\":\"y\"}}");
        bodies.put("POST /api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":3,\"Reason\":\"r\"}");
        bodies.put("POST /api/v1/jobs/" + jobId + "/actions/resubmitWorker", "{\"workerNumber\":" + worker + ",\"reason\":\"r\"}");
        bodies.put("POST /api/v1/workerEvents", "{\"events\":[" + event + "]}");
        bodies.put("POST " + actions + "registerTaskExecutor", "{\"id\":\"te-1\",\"host\":\"h\",\"machine\":{\"cpuCores\":2,"
                + "\"memoryMB\":1024,\"diskMB\":1,\"networkMbps\":1,\"numPorts\":1},\"ports\":{\"from\":7100,\"to\":7199},"
                + "\"attributes\":{\"zone\":\"a\"},\"agentUrl\":\"http://127.0.0.1:1\",\"metricsUrl\":\"http://127.0.0.1:1/metrics\"}");
        bodies.put("POST " + actions + "heartBeatFromTaskExecutor", "{\"id\":\"te-1\",\"workers\":[{\"jobId\":\"" + jobId
                + "\",\"workerNumber\":" + worker + ",\"state\":\"Started\"}]}");
        bodies.put("POST " + actions + "notifyTaskExecutorStatusChange", "{\"id\":\"te-1\",\"events\":[" + event + "]}");
        bodies.put("POST " + actions + "disconnectTaskExecutor", "{\"id\":\"te-1\"}");
        var failures = new ArrayList<String>();
        var agent = new TestHttp[1];
        bodies.forEach((route, valid) -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            var http = path.endsWith("registerTaskExecutor") ? this.http.withToken(io.weir.master.testing.TestSecrets.CLUSTER_SECRET)
                    : path.startsWith(actions) ? agent[0] : this.http;
            var sample = method.equals("PUT") ? http.put(path, valid) : http.post(path, valid);
            assertThat(sample.status()).as("%s %s -> %s", route, valid, sample.text()).isBetween(200, 299);
            if (path.equals("/api/v1/jobClusters")) {
                http.delete("/api/v1/jobClusters/fz");
            }
            for (var m : io.weir.master.testing.JsonMutations.of(valid)) {
                var res = method.equals("PUT") ? http.put(path, m.body()) : http.post(path, m.body());
                String error = res.body() == null ? "" : res.body().path("error").asText();
                boolean ok = res.status() < 300 || (res.status() < 500 && !error.isBlank()
                        && (res.status() != 400 || error.toLowerCase(java.util.Locale.ROOT).contains(m.field().toLowerCase(java.util.Locale.ROOT)))
                        && !error.contains("Exception") && !error.contains("`") && !error.contains("at io.weir"));
                if (!ok) {
                    failures.add(route + " " + m.path() + " " + m.kind() + " -> " + res.status() + " " + res.text());
                }
                if (res.status() == 201 && path.equals("/api/v1/jobClusters")) {
                    http.delete("/api/v1/jobClusters/" + res.body().get("name").asText());
                }
            }
            if (path.endsWith("registerTaskExecutor")) {
                agent[0] = this.http.withToken(http.post(path, valid).body().get("session").asText());
            }
        });
        assertThat(failures).as("a 4xx names the field it is about, without internals").isEmpty();
        assertThat(http.get("/healthz").status()).isEqualTo(200);
    }
}
