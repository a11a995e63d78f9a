package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change the master acknowledged survives {@code kill -9} at a random moment: a driver runs a random mix of
 * acknowledged writes (create, submit, scale, kill, resubmit, worker failure) against a master process, the master is
 * killed while it runs, restarted on the same data directory, and everything acknowledged is compared with what the new
 * master says. Then every slot of every active job must have exactly one live worker. The number of crash points is
 * {@code -Dweir.durability.crashes} (default 12; the release check runs 200).
 */
class MasterDurabilityTest {

    private static final String CLUSTER = "{\"name\":\"%s\",\"jobClass\":\"a.B\",\"stages\":{"
            + "\"1\":{\"numWorkers\":2,\"scalable\":true,\"min\":1,\"max\":6},\"2\":{\"numWorkers\":1}}}";

    /** Failures are replaced at once and never end a job, so the model need not follow the limiter. */
    private static final Map<String, String> ENV = Map.of("WEIR_RESUBMIT_STEPS_MS", "0", "WEIR_MAX_RESUBMITS_PER_HOUR", "1000000");

    /** Past this many active jobs a submit becomes a kill, so every crash point costs about the same to check. */
    private static final int MAX_ACTIVE_JOBS = 40;

    @TempDir
    Path dataDir;

    /** What the masters acknowledged, to be found again after every crash. */
    private final Set<String> clusters = new HashSet<>();
    private final Map<String, Integer> activeStage1Size = new HashMap<>();
    private final Set<String> killed = new HashSet<>();
    private final Set<String> endedWorkers = new HashSet<>();
    private int acknowledged;

    /** The write in flight when the master died: it may or may not have happened, so verify adopts what the master says. */
    private record InFlight(String kind, String target, int value) {
    }

    private InFlight inFlight;

    @Test
    void everyAcknowledgedChangeSurvivesKillMinus9AtAnyMoment() throws Exception {
        int crashes = Integer.getInteger("weir.durability.crashes", 12);
        var random = new Random(Long.getLong("weir.durability.seed", System.nanoTime()));
        for (int crash = 0; crash < crashes; crash++) {
            try (var master = MasterProcess.start(dataDir, ENV)) {
                var http = new TestHttp(master.url());
                await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
                verifyKeepingEvidence(http, master);
                var stop = new AtomicBoolean();
                var driver = Thread.ofPlatform().name("durability-driver").start(() -> drive(http, random, stop));
                Thread.sleep(100 + random.nextInt(900));
                master.kill9();
                stop.set(true);
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "durability-master-" + crash + ".log"),
                        "inFlight=" + inFlight + " clusters=" + clusters + "\n" + master.output());
                driver.join(15_000);
                assertThat(driver.isAlive()).as("the driver stops once the master is gone").isFalse();
            }
        }
        try (var master = MasterProcess.start(dataDir, ENV)) {
            var http = new TestHttp(master.url());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            verify(http);
        }
        assertThat(acknowledged).as("acknowledged changes checked").isGreaterThan(crashes);
        System.out.printf("durability: %d crash points, %d acknowledged changes, 0 lost%n", crashes, acknowledged);
    }

    /** Runs random acknowledged writes until the master dies; records only what was answered with success. */
    private void drive(TestHttp http, Random random, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                step(http, random);
            }
        } catch (IllegalStateException masterGone) {
            // the request in flight when the master died: not acknowledged, nothing to expect
        }
    }

    private void step(TestHttp http, Random random) {
        inFlight = null;
        int op = random.nextInt(10);
        if (clusters.isEmpty() || op == 0) {
            String name = "c" + clusters.size();
            inFlight = new InFlight("create", name, 0);
            if (http.post("/api/v1/jobClusters", CLUSTER.formatted(name)).status() == 201) {
                clusters.add(name);
                acknowledged++;
            }
            return;
        }
        var active = new ArrayList<>(activeStage1Size.keySet());
        if (active.size() >= MAX_ACTIVE_JOBS && op <= 3) {
            op = 6;
        }
        if (active.isEmpty() || op <= 3) {
            String cluster = List.copyOf(clusters).get(random.nextInt(clusters.size()));
            inFlight = new InFlight("submit", cluster, 0);
            var res = http.post("/api/v1/jobClusters/" + cluster + "/jobs", "");
            if (res.status() == 201) {
                activeStage1Size.put(res.body().get("jobId").asText(), 2);
                acknowledged++;
            }
            return;
        }
        String jobId = active.get(random.nextInt(active.size()));
        switch (op) {
            case 4, 5 -> {
                int size = 1 + random.nextInt(6);
                inFlight = new InFlight("scale", jobId, size);
                if (http.post("/api/v1/jobs/" + jobId + "/actions/scaleStage", "{\"StageNumber\":1,\"NumWorkers\":" + size + "}").status() == 200) {
                    activeStage1Size.put(jobId, size);
                    acknowledged++;
                }
            }
            case 6 -> {
                inFlight = new InFlight("kill", jobId, 0);
                if (http.delete("/api/v1/jobs/" + jobId).status() == 202) {
                    activeStage1Size.remove(jobId);
                    killed.add(jobId);
                    acknowledged++;
                }
            }
            case 7 -> {
                int worker = anyLiveWorker(http, jobId, random);
                if (worker > 0 && http.post("/api/v1/jobs/" + jobId + "/actions/resubmitWorker",
                        "{\"workerNumber\":" + worker + "}").status() == 200) {
                    endedWorkers.add(jobId + "#" + worker);
                    acknowledged++;
                }
            }
            default -> {
                int worker = anyLiveWorker(http, jobId, random);
                if (worker <= 0) {
                    return;
                }
                var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker
                        + ",\"state\":\"Failed\",\"reason\":\"probe\"}]}");
                if (res.status() == 200 && res.body().get("results").get(0).get("outcome").asText().equals("ok")) {
                    endedWorkers.add(jobId + "#" + worker);
                    acknowledged++;
                }
            }
        }
    }

    private static int anyLiveWorker(TestHttp http, String jobId, Random random) {
        var res = http.get("/api/v1/jobs/" + jobId);
        if (res.status() != 200) {
            return -1;
        }
        var live = new ArrayList<Integer>();
        res.body().get("stages").forEach(s -> s.get("workers").forEach(w -> {
            if (!w.get("state").asText().equals("Failed") && !w.get("state").asText().equals("Completed")) {
                live.add(w.get("workerNumber").asInt());
            }
        }));
        return live.isEmpty() ? -1 : live.get(random.nextInt(live.size()));
    }

    /** {@link #verify}, keeping the store and the master's output under target/ when it fails. */
    private void verifyKeepingEvidence(TestHttp http, MasterProcess master) throws java.io.IOException {
        try {
            verify(http);
        } catch (AssertionError e) {
            var evidence = Path.of("target", "durability-failure");
            try (var files = java.nio.file.Files.walk(dataDir)) {
                for (var f : files.toList()) {
                    var to = evidence.resolve(dataDir.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(to);
                    } else {
                        java.nio.file.Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            java.nio.file.Files.writeString(evidence.resolve("master.log"), master.output());
            throw e;
        }
    }

    /** Compares everything acknowledged so far with what the master says now. */
    private void verify(TestHttp http) {
        adoptInFlight(http);
        for (String c : clusters) {
            assertThat(http.get("/api/v1/jobClusters/" + c).status()).as("cluster %s", c).isEqualTo(200);
        }
        for (String jobId : killed) {
            assertThat(http.get("/api/v1/jobs/" + jobId).body().get("state").asText()).as("killed job %s", jobId).isEqualTo("Killed");
        }
        var stored = new HashSet<String>();
        http.get("/api/v1/jobs?state=active&limit=10000").body().get("list").forEach(j -> stored.add(j.get("jobId").asText()));
        assertThat(stored).as("active jobs").isEqualTo(activeStage1Size.keySet());
        for (var e : activeStage1Size.entrySet()) {
            await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode job = http.get("/api/v1/jobs/" + e.getKey()).body();
                var stage1 = job.get("stages").get(0);
                assertThat(stage1.get("numWorkers").asInt()).as("stage 1 size of %s", e.getKey()).isEqualTo(e.getValue());
                for (var stage : job.get("stages")) {
                    var liveIndexes = new ArrayList<Integer>();
                    stage.get("workers").forEach(w -> {
                        assertThat(endedWorkers).as("a worker ended before the crash is not live again")
                                .doesNotContain(e.getKey() + "#" + w.get("workerNumber").asInt() + (isLive(w) ? "" : "-ended"));
                        if (isLive(w)) {
                            liveIndexes.add(w.get("workerIndex").asInt());
                        }
                    });
                    assertThat(liveIndexes).as("one live worker per slot of %s stage %s", e.getKey(), stage.get("stage"))
                            .hasSize(stage.get("numWorkers").asInt()).doesNotHaveDuplicates();
                }
            });
        }
    }

    private void adoptInFlight(TestHttp http) {
        if (inFlight == null) {
            return;
        }
        switch (inFlight.kind()) {
            case "create" -> {
                if (http.get("/api/v1/jobClusters/" + inFlight.target()).status() == 200) {
                    clusters.add(inFlight.target());
                }
            }
            case "submit" -> http.get("/api/v1/jobs?state=active&limit=10000&cluster=" + inFlight.target()).body().get("list")
                    .forEach(j -> {
                        if (!killed.contains(j.get("jobId").asText())) {
                            activeStage1Size.putIfAbsent(j.get("jobId").asText(), 2);
                        }
                    });
            case "scale" -> {
                var job = http.get("/api/v1/jobs/" + inFlight.target()).body();
                if (job.get("stages").get(0).get("numWorkers").asInt() == inFlight.value()) {
                    activeStage1Size.put(inFlight.target(), inFlight.value());
                }
            }
            case "kill" -> {
                if (http.get("/api/v1/jobs/" + inFlight.target()).body().get("state").asText().equals("Killed")) {
                    activeStage1Size.remove(inFlight.target());
                    killed.add(inFlight.target());
                }
            }
            default -> throw new IllegalStateException(inFlight.kind());
        }
        inFlight = null;
    }

    private static boolean isLive(JsonNode w) {
        String s = w.get("state").asText();
        return !s.equals("Failed") && !s.equals("Completed");
    }
}
