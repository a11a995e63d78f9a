package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.client.WeirClient;
import io.weir.client.sink.SinkSession;
import io.weir.client.sink.SinkTarget;
import io.weir.examples.WordCountJob;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count on a master and five agents (real processes, one worker per agent), with a known number of
 * sentences, so the final count of every word is known: replacing a middle-stage worker mid-run changes none of them
 * (it drains), and a {@code kill -9} of its agent loses at most what was in flight at that worker. Counts are read
 * through a client session, which carries on throughout; no process is left when the cluster is closed.
 */
class WordCountAccountingTest {

    private static final Pattern COUNT = Pattern.compile("\"word\":\"([a-z]+)\",\"count\":(\\d+)");
    private static final long SENTENCES = 4_000;
    /** Per link a window of 512 sentences, two links per upstream, at most 10 words each, plus its own output. */
    private static final long IN_FLIGHT_BOUND = 2 * 512 * 10 + 512 * 10;

    @TempDir
    Path dataDir;

    @Test
    void countsAreExactAcrossAReplacementAndLoseOnlyInFlightRecordsWhenAnAgentIsKilled() throws Exception {
        List<ProcessHandle> processes;
        try (var cluster = LocalCluster.start(dataDir, 5)) {
            var http = cluster.http();
            var expected = WordCountJob.expectedCounts(SENTENCES);
            long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();

            String replaced = submit(http, "wc-replace");
            try (var sink = SinkCounts.follow(cluster.masterUrl(), replaced)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.total() > expectedTotal / 4);
                int victim = middleWorkers(http, replaced).get(0).get("workerNumber").asInt();
                assertThat(http.post("/api/v1/jobs/" + replaced + "/actions/resubmitWorker",
                        "{\"workerNumber\":" + victim + ",\"reason\":\"test\"}").status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(90)).until(() -> sink.total() >= expectedTotal);
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.quietFor(Duration.ofSeconds(1)));
                assertThat(sink.counts()).as("counts after a replacement").isEqualTo(expected);
            }
            assertThat(http.delete("/api/v1/jobs/" + replaced).status()).isEqualTo(202);

            String killed = submit(http, "wc-kill");
            try (var sink = SinkCounts.follow(cluster.masterUrl(), killed)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.total() > expectedTotal / 4);
                String agent = middleWorkers(http, killed).get(0).get("taskExecutorId").asText();
                long killedAt = System.nanoTime();
                long before = sink.total();
                cluster.agent(agent).kill9();
                await().atMost(Duration.ofSeconds(90)).until(() -> sink.total() > before && sink.quietFor(Duration.ofSeconds(3)));
                long lost = expectedTotal - sink.total();
                System.out.printf("kill -9 of %s (a stage-2 worker): %d of %d words lost (bound %d); words per second from the kill on: %s%n",
                        agent, lost, expectedTotal, IN_FLIGHT_BOUND, sink.perSecondFrom(killedAt));
                assertThat(lost).isBetween(0L, IN_FLIGHT_BOUND);
                sink.counts().forEach((word, count) -> assertThat(count).as(word).isLessThanOrEqualTo(expected.get(word)));
                assertThat(sink.sameSessionStillConnected()).as("the client session carried on through the kill").isTrue();
            }
            processes = cluster.processHandles();
        }
        assertThat(processes).as("the master and the agents still alive before closing").hasSize(5)
                .noneMatch(ProcessHandle::isAlive);
    }

    private static String submit(TestHttp http, String name) {
        var created = http.post("/api/v1/jobClusters", """
                {"name":"%s","jobClass":"io.weir.examples.WordCountJob",
                 "parameters":{"sentencesPerSecond":"400","sentences":"%d","waitForCredit":"true"},
                 "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":2,"memoryMB":128}},
                           "2":{"numWorkers":2,"machine":{"cpuCores":2,"memoryMB":128}},
                           "3":{"numWorkers":1,"machine":{"cpuCores":2,"memoryMB":128}}}}""".formatted(name, SENTENCES));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/" + name + "/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> workers(http, jobId, 3).stream()
                .allMatch(w -> w.get("state").asText().equals("Started")));
        return jobId;
    }

    private static List<JsonNode> middleWorkers(TestHttp http, String jobId) {
        return workers(http, jobId, 2);
    }

    private static List<JsonNode> workers(TestHttp http, String jobId, int upToStage) {
        var out = new ArrayList<JsonNode>();
        for (JsonNode stage : http.get("/api/v1/jobs/" + jobId).body().get("stages")) {
            if (stage.get("stage").asInt() == upToStage || upToStage == 3) {
                stage.get("workers").forEach(out::add);
            }
        }
        return out;
    }

    /** The latest count of every word, read through a client session on the job's sink (all its workers). */
    private static final class SinkCounts implements AutoCloseable {

        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final AtomicLong lastUpdate = new AtomicLong(System.nanoTime());
        private final List<Long> updates = java.util.Collections.synchronizedList(new ArrayList<>());
        private final WeirClient client;
        private final SinkSession session;
        private final String sessionId;

        private SinkCounts(String masterUrl, String jobId) {
            client = WeirClient.create(io.weir.client.WeirClientConfig.of(masterUrl).withToken(io.weir.master.testing.TestSecrets.ADMIN_TOKEN));
            session = client.sinkSession(SinkTarget.job(jobId)).clientId("accounting").build();
            sessionId = session.id();
            session.records().subscribe(r -> {
                var m = COUNT.matcher(r.payload());
                if (m.find()) {
                    counts.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
                    long now = System.nanoTime();
                    lastUpdate.set(now);
                    updates.add(now);
                }
            });
        }

        static SinkCounts follow(String masterUrl, String jobId) {
            return new SinkCounts(masterUrl, jobId);
        }

        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        Map<String, Long> counts() {
            return new java.util.TreeMap<>(counts);
        }

        boolean quietFor(Duration d) {
            return System.nanoTime() - lastUpdate.get() > d.toNanos();
        }

        /** The session is the one opened at the start and is still connected to the sink. */
        boolean sameSessionStillConnected() {
            return session.id().equals(sessionId) && !session.connectedWorkers().isEmpty();
        }

        /** Counts received in each second from {@code nanos} on, and in the two seconds before it. */
        List<Long> perSecondFrom(long nanos) {
            var out = new ArrayList<Long>();
            synchronized (updates) {
                for (long t : updates) {
                    int second = (int) Math.floorDiv(t - nanos, 1_000_000_000L) + 2;
                    if (second >= 0) {
                        while (out.size() <= second) {
                            out.add(0L);
                        }
                        out.set(second, out.get(second) + 1);
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            session.close();
            client.close();
        }
    }
}
