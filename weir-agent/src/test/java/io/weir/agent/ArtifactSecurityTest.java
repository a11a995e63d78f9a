package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.weir.agent.testing.FakeMaster;
import io.weir.agent.testing.JobJars;
import io.weir.core.model.ArtifactPolicy;
import io.weir.core.model.FailureKind;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent loads only artifacts its own policy allows and whose SHA-256 matches, whatever the assignment says: against a
 * real HTTP server on loopback that counts what it is asked for, with job jars compiled by the test.
 */
class ArtifactSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final String CLASS = "demo.MarkerWorker";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicLong hugeBytesWritten = new AtomicLong();
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private HttpServer server;
    private String base;
    private FakeMaster master;
    private Agent agent;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                if (path.equals("/jobs/redirect-out")) {
                    exchange.getResponseHeaders().add("Location", base + "/outside/job.jar");
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.equals("/jobs/redirect-in")) {
                    exchange.getResponseHeaders().add("Location", "/jobs/job.jar");
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.equals("/jobs/huge")) {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 16 * 1024; i++) {
                        exchange.getResponseBody().write(chunk);
                        hugeBytesWritten.addAndGet(chunk.length);
                    }
                } else if (files.containsKey(path)) {
                    exchange.sendResponseHeaders(200, Files.size(files.get(path)));
                    Files.copy(files.get(path), exchange.getResponseBody());
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (IOException e) {
                // the agent hung up, as it should on an oversized artifact
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        master = new FakeMaster();
        var policy = new ArtifactPolicy(List.of(base + "/jobs/"), true);
        agent = Agent.start(AgentConfig.of(master.url()).withHost("127.0.0.1")
                .withArtifacts(ArtifactSettings.DEFAULTS.withPolicy(policy).withMaxBytes(MAX_BYTES))
                .withHeartbeat(50, 3).withRequestTimeoutMillis(1000).withSecret(FakeMaster.SECRET));
        await().atMost(WAIT).until(agent::isRegistered);
    }

    @AfterEach
    void stop() {
        agent.close();
        master.close();
        server.stop(0);
    }

    @Test
    void anArtifactOutsideTheAllowedPrefixesIsNeverRequested() throws Exception {
        Path marker = dir.resolve("outside.ran");
        Path jar = JobJars.markerJob(dir, "outside", marker);
        files.put("/outside/job.jar", jar);

        assign("job-p", 1, base + "/outside/job.jar", JobJars.sha256(jar));

        WorkerEvent failed = failure("job-p", 1);
        assertThat(failed.reason()).contains("is not under an allowed prefix", "WEIR_ARTIFACT_ALLOWED_PREFIXES");
        assertThat(failed.failure()).isEqualTo(FailureKind.PERMANENT);
        assertThat(requests).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void aRedirectOutsideTheAllowedPrefixesIsNotFollowed() throws Exception {
        Path marker = dir.resolve("redirect.ran");
        Path jar = JobJars.markerJob(dir, "redirect", marker);
        files.put("/outside/job.jar", jar);

        assign("job-r", 1, base + "/jobs/redirect-out", JobJars.sha256(jar));

        WorkerEvent failed = failure("job-r", 1);
        assertThat(failed.reason()).contains("redirects to " + base + "/outside/job.jar", "not under an allowed prefix");
        assertThat(failed.failure()).isEqualTo(FailureKind.PERMANENT);
        assertThat(requests).containsOnlyKeys("/jobs/redirect-out");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aWrongShaIsRefusedAndNothingRuns() throws Exception {
        Path marker = dir.resolve("wrong.ran");
        Path jar = JobJars.markerJob(dir, "wrong", marker);
        files.put("/jobs/job.jar", jar);
        String expected = "0".repeat(64);

        assign("job-w", 1, base + "/jobs/job.jar", expected);
        assign("job-w", 2, jar.toUri().toString(), expected);

        String actual = JobJars.sha256(jar);
        assertThat(failure("job-w", 1).reason())
                .isEqualTo("artifact " + base + "/jobs/job.jar: SHA-256 is " + actual + ", expected " + expected);
        assertThat(failure("job-w", 2).reason()).isEqualTo("artifact " + jar.toUri() + ": SHA-256 is " + actual + ", expected " + expected);
        assertThat(failure("job-w", 1).failure()).isEqualTo(FailureKind.PERMANENT);
        assertThat(marker).doesNotExist();
    }

    @Test
    void anAssignmentWithoutShaIsRefusedByTheAgentItself() throws Exception {
        Path marker = dir.resolve("nosha.ran");
        Path jar = JobJars.markerJob(dir, "nosha", marker);
        files.put("/jobs/job.jar", jar);

        assign("job-n", 1, base + "/jobs/job.jar", null);

        assertThat(failure("job-n", 1).reason()).contains("artifactSha256: missing", "WEIR_ARTIFACT_REQUIRE_SHA256=false",
                "refused by this agent's artifact policy");
        assertThat(requests).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void anOversizedArtifactIsCutOffAtTheLimit() throws Exception {
        assign("job-o", 1, base + "/jobs/huge", "1".repeat(64));

        WorkerEvent failed = failure("job-o", 1);
        assertThat(failed.reason()).contains("over the limit of " + MAX_BYTES + " bytes", "WEIR_ARTIFACT_MAX_BYTES");
        assertThat(failed.failure()).isEqualTo(FailureKind.PERMANENT);
        // the agent stopped reading after the limit: the server could not push the whole gigabyte into the connection
        await().atMost(WAIT).untilAsserted(() -> assertThat(hugeBytesWritten.get()).isLessThan(64L * 1024 * 1024));
    }

    @Test
    void aGoodArtifactIsDownloadedOnceForConcurrentWorkersAndThroughAnAllowedRedirect() throws Exception {
        Path marker = dir.resolve("good.ran");
        Path jar = JobJars.markerJob(dir, "good", marker);
        files.put("/jobs/job.jar", jar);
        String sha = JobJars.sha256(jar);

        IntStream.range(0, 8).parallel().forEach(n -> assignUnchecked("job-g", n, base + "/jobs/job.jar", sha));
        await().atMost(WAIT).until(() -> IntStream.range(0, 8).allMatch(n -> master.states("job-g", n).contains(WorkerState.Started)));
        assertThat(marker).exists();
        assertThat(requests.get("/jobs/job.jar").get()).isEqualTo(1);

        assign("job-g2", 1, base + "/jobs/redirect-in", sha);
        await().atMost(WAIT).until(() -> master.states("job-g2", 1).contains(WorkerState.Started));
        assertThat(requests.get("/jobs/job.jar").get()).as("served from the cache keyed by SHA-256").isEqualTo(1);
    }

    @Test
    void downloadsStreamToDiskInAProcessWhoseHeapIsSmallerThanTheArtifact() throws Exception {
        Path big = dir.resolve("big.jar");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1024 * 1024];
            new java.util.Random(7).nextBytes(chunk);
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
        }
        files.put("/jobs/big.jar", big);

        assertThat(fetchInSmallHeap(base + "/jobs/big.jar", JobJars.sha256(big), 128L << 20)).isEqualTo("OK " + (64L << 20));
        assertThat(fetchInSmallHeap(base + "/jobs/huge", "1".repeat(64), MAX_BYTES))
                .startsWith("PERMANENT artifact '" + base + "/jobs/huge' is more than that, over the limit of " + MAX_BYTES);
    }

    /** Runs {@link ArtifactFetchMain} in a JVM with a 32 MB heap and returns what it printed. */
    private static String fetchInSmallHeap(String url, String sha, long maxBytes) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(javaBin, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                ArtifactFetchMain.class.getName(), url, sha, String.valueOf(maxBytes)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.lines().filter(l -> l.startsWith("OK ") || l.startsWith("PERMANENT ") || l.startsWith("TRANSIENT "))
                .findFirst().orElse(output);
    }

    private WorkerEvent failure(String jobId, int workerNumber) {
        await().atMost(WAIT).until(() -> master.states(jobId, workerNumber).contains(WorkerState.Failed));
        return master.events(jobId, workerNumber).stream().filter(e -> e.state() == WorkerState.Failed).findFirst().orElseThrow();
    }

    private void assignUnchecked(String jobId, int workerNumber, String artifact, String sha) {
        try {
            assign(jobId, workerNumber, artifact, sha);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assign(String jobId, int workerNumber, String artifact, String sha) throws Exception {
        String body = "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber + ",\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"" + CLASS + "\",\"artifact\":\"" + artifact + "\","
                + (sha == null ? "" : "\"artifactSha256\":\"" + sha + "\",") + "\"parameters\":{},\"ports\":[]}";
        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).header("Authorization", AgentTest.MASTER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }
}
