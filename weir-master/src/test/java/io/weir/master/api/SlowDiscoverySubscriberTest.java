package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import io.weir.master.job.JobSupervisorConfig;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over real sockets: a discovery subscriber that stops reading must not stall anybody else's stream. */
class SlowDiscoverySubscriberTest {

    private static final Duration ON_TIME = Duration.ofSeconds(1);
    private static final int WORKERS = 40;
    /** Workers stay Started without heartbeats, so the test plays no agent. */
    private static final JobSupervisorConfig NO_WORKER_TIMEOUTS = new JobSupervisorConfig(600_000, 600_000, 1_000,
            java.util.List.of(0L), 300_000, 5, true, 10_000, 10_000);
    private static final String CLUSTER = ControlPlaneContract.CLUSTER.replace("\"1\":{\"numWorkers\":1,", "\"1\":{\"numWorkers\":" + WORKERS + ",");

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private TestHttp http;
    private Socket stalled;
    private SseClient reader;
    private final ScheduledExecutorService scaler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws IOException {
        scaler.shutdownNow();
        if (reader != null) {
            reader.close();
        }
        if (stalled != null) {
            stalled.close();
        }
        fixture.close();
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedAloneWhileAnotherKeepsItsHeartbeatsAndEvents() throws Exception {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, NO_WORKER_TIMEOUTS).discoveryHeartbeatMillis(10).start();
        http = fixture.http();
        assertThat(http.post("/api/v1/jobClusters", CLUSTER).status()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/wc/jobs", "").body().get("jobId").asText();
        startWithLargeEndpointMetadata(jobId);
        String path = "/assignmentresults/" + jobId + "?sendHB=true";

        stalled = neverRead(URI.create(http.base()).getPort(), path);
        reader = new SseClient(http.base() + path);
        reader.next(5);
        var size = new AtomicInteger(2);
        scaler.scheduleAtFixedRate(() -> http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage",
                "{\"StageNumber\":2,\"NumWorkers\":" + size.updateAndGet(n -> 5 - n) + "}"), 0, 10, TimeUnit.MILLISECONDS);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long lastHeartbeat = System.nanoTime();
        long nextMetricsCheck = 0;
        while (true) {
            if (System.nanoTime() > nextMetricsCheck) {
                if (droppedSlowSubscribers() == 1) {
                    break;
                }
                nextMetricsCheck = System.nanoTime() + 250_000_000L;
            }
            assertThat(System.nanoTime()).as("the stalled subscriber is dropped within 30 s").isLessThan(deadline);
            if (reader.next(ON_TIME.toSeconds()).path("jobId").asText().equals("HB_JobId")) {
                lastHeartbeat = System.nanoTime();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - lastHeartbeat)).as("the reader's heartbeats come on time")
                    .isLessThan(ON_TIME);
        }
        scaler.shutdownNow();
        assertThat(scaler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(drainsToEnd(stalled)).as("the stalled subscriber's connection is closed").isTrue();
        await().atMost(ON_TIME).until(() -> reader.next(1).path("jobId").asText().equals("HB_JobId"));
        var scaled = http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":2,\"NumWorkers\":4}");
        assertThat(scaled.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() ->
                reader.nextNonHeartbeat(2).get("workerAssignments").get("2").get("numWorkers").asInt() == 4);
        assertThat(reader.isCompleted()).isFalse();
        assertThat(droppedSlowSubscribers()).isEqualTo(1);
    }

    /** Reports every stage-1 worker Started with 700 bytes of endpoint metadata, so every discovery event is about 40 KB. */
    private void startWithLargeEndpointMetadata(String jobId) {
        await().until(() -> stageOne(jobId).size() == WORKERS
                && stageOne(jobId).stream().allMatch(w -> w.get("state").asText().equals("Launched")));
        String blob = "x".repeat(700);
        for (String state : new String[] {"StartInitiated", "Started"}) {
            var events = new StringBuilder();
            for (var w : stageOne(jobId)) {
                events.append(events.isEmpty() ? "" : ",").append("{\"jobId\":\"").append(jobId).append("\",\"workerNumber\":")
                        .append(w.get("workerNumber").asInt()).append(",\"state\":\"").append(state)
                        .append("\",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[7001],\"endpoints\":[{\"transportId\":\"tcp\",")
                        .append("\"plane\":\"stream\",\"address\":\"127.0.0.1:7001\",\"metadata\":{\"blob\":\"").append(blob)
                        .append("\"}}]}}");
            }
            var res = http.post("/api/v1/workerEvents", "{\"events\":[" + events + "]}");
            assertThat(res.text()).as(res.text()).doesNotContain("rejected", "unknown", "error");
        }
    }

    private java.util.List<com.fasterxml.jackson.databind.JsonNode> stageOne(String jobId) {
        var out = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        http.get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").forEach(out::add);
        return out;
    }

    /** Opens a discovery stream whose socket is never read, with a small receive buffer. */
    private static Socket neverRead(int port, String path) throws IOException {
        var s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + io.weir.master.testing.TestSecrets.ADMIN_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    private double droppedSlowSubscribers() {
        return http.get("/metrics").text().lines().filter(l -> l.startsWith("weir_discovery_slow_subscribers_dropped_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static boolean drainsToEnd(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        byte[] buf = new byte[64 * 1024];
        try {
            while (s.getInputStream().read(buf) >= 0) {
                // discards what the master had sent before it dropped this subscriber
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
