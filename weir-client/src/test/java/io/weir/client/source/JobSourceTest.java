package io.weir.client.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.testing.Clusters;
import io.weir.client.testing.SinkJob;
import io.weir.core.json.Json;
import io.weir.core.security.JobTokens;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;

/**
 * A job's source reads another cluster's newest job by name on a real master with authentication on, with the
 * consuming worker's job token: records arrive, shaped by the query, and keep arriving from the cluster's next job.
 */
class JobSourceTest {

    private static final Logger log = LoggerFactory.getLogger(JobSourceTest.class);
    private static final JobTokens TOKENS = new JobTokens(TestSecrets.CLUSTER_SECRET.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataDir;
    MasterFixture master;
    WeirClient admin;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        admin = WeirClient.create(WeirClientConfig.of(master.http().base()).withToken(TestSecrets.ADMIN_TOKEN));
        admin.jobClusters().create(Clusters.twoStages("wc", 1));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        admin.close();
        master.close();
    }

    private SinkJob runningUpstream() {
        String jobId = admin.jobClusters().submit("wc").jobId();
        var job = new SinkJob(master.http(), jobId, false, JobTokens.sinkToken(TOKENS.tokenFor(jobId)));
        closeables.add(job);
        job.startLaunched(2);
        return job;
    }

    private JobContext consumer(String jobId, int workerNumber) {
        return new JobContext(jobId, 1, 2, workerNumber - 1, workerNumber, Parameters.validate(List.of(), Map.of()),
                new SimpleMeterRegistry(), master.http().base(), TOKENS.tokenFor(jobId));
    }

    private final Map<String, Long> firstRecordNanos = new ConcurrentHashMap<>();

    private List<JsonNode> read(JobSource source, JobContext context) {
        var records = new CopyOnWriteArrayList<JsonNode>();
        Disposable reading = source.produce(context).subscribe(r -> {
            JsonNode record = parse(r);
            firstRecordNanos.putIfAbsent(record.get("job").asText(), System.nanoTime());
            records.add(record);
        });
        closeables.add(reading::dispose);
        return records;
    }

    @Test
    void recordsOfTheClustersJobArriveShapedByTheQueryAndThenThoseOfItsNextJob() {
        SinkJob first = runningUpstream();
        var records = read(Sources.job("wc", "select e[\"job\"] as job, e[\"seq\"] as seq from stream where e[\"seq\"] > 0"),
                consumer("top-1", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(records, first.jobId()) >= 20);
        assertThat(records.get(0).has("worker")).as("projected by the query: %s", records.get(0)).isFalse();

        admin.jobs().kill(first.jobId(), "replaced");
        SinkJob second = runningUpstream();
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(records, second.jobId()) >= 1);
        log.info("first record of the new upstream job {} ms after its sink worker was Started",
                String.format("%.1f", (firstRecordNanos.get(second.jobId()) - started) / 1e6));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(records, second.jobId()) >= 20);
    }

    @Test
    void workersSharingAClientIdSplitTheRecordsAndAnotherClientIdGetsThemAll() {
        SinkJob upstream = runningUpstream();
        var source = Sources.job("wc", "select * from stream");
        var a = read(source, consumer("top-1", 1));
        var b = read(source, consumer("top-1", 2));
        var other = read(source.withClientId("audit"), consumer("top-1", 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(a, upstream.jobId()) >= 20 && count(b, upstream.jobId()) >= 20
                && count(other, upstream.jobId()) >= 20);

        // each consumer connects at its own moment; the records before the last one connected are not everybody's
        long from = Math.max(firstSeq(other), Math.max(firstSeq(a), firstSeq(b)));
        var seenByA = new ConcurrentHashMap<Long, Boolean>();
        a.forEach(r -> seenByA.put(r.get("seq").asLong(), true));
        assertThat(b).as("each record to one worker of the group").noneMatch(r -> seenByA.containsKey(r.get("seq").asLong()));
        long to = Math.min(lastSeq(a), lastSeq(b));
        await().atMost(Duration.ofSeconds(10)).until(() -> lastSeq(other) > to);
        assertThat(other.stream().map(r -> r.get("seq").asLong()).filter(s -> s >= from && s <= to).distinct().count())
                .as("another client id gets every record").isEqualTo(to - from + 1);
    }

    @Test
    void whatTheUpstreamDropsForASlowSourceIsCountedOnTheConsumerOnceItReadsAgain() {
        SinkJob upstream = runningUpstream();
        JobContext context = consumer("top-1", 1);
        var received = new java.util.concurrent.atomic.AtomicLong();
        var holdingBack = new BaseSubscriber<String>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(String value) {
                received.incrementAndGet();
            }
        };
        Sources.job("wc", "select * from stream").withSession(b -> b.bufferRecords(1)).produce(context).subscribe(holdingBack);
        closeables.add(holdingBack::dispose);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 1);
        var sink = upstream.worker(upstream.sinkWorkers().get(0)).sink();
        String big = "{\"job\":\"" + upstream.jobId() + "\",\"seq\":0,\"pad\":\"" + "x".repeat(16 * 1024) + "\"}";
        for (int i = 0; i < 3_000; i++) {
            sink.publish(big);
        }
        holdingBack.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(20)).until(() -> context.metrics().get("weir.source.upstream.dropped").tag("cluster", "wc")
                .counter().count() > 0);
    }

    @Test
    void anUnknownClusterEndsTheSourceWithTheMastersSentence() {
        assertThatThrownBy(() -> Sources.job("nope", "select * from stream").produce(consumer("top-1", 1)).blockFirst(Duration.ofSeconds(10)))
                .hasMessageContaining("nope");
    }

    @Test
    void badInputIsRefusedWithAClearSentence() {
        assertThatThrownBy(() -> Sources.job("", "select * from stream")).hasMessageContaining("cluster: ''");
        assertThatThrownBy(() -> Sources.job("wc", "select * form stream")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mql: 'select * form stream': ");
        var sampled = Sources.job("wc", "select * from stream sample {\"strategy\":\"RANDOM\",\"threshold\":200}");
        assertThatThrownBy(() -> sampled.withSampling("{\"strategy\":\"RANDOM\",\"threshold\":100}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sources.job("wc", "select * from stream").withClientId(" ")).hasMessageContaining("clientId");
        var noMaster = new JobContext("top-1", 1, 1, 0, 1, Parameters.validate(List.of(), Map.of()), new SimpleMeterRegistry());
        assertThatThrownBy(() -> Sources.job("wc", "select * from stream").produce(noMaster).blockFirst())
                .hasMessageContaining("knows no master URL");
        assertThat(Sources.job("wc", "select * from stream").withSampling("{\"strategy\":\"RANDOM\",\"threshold\":200}").query())
                .isEqualTo("select * from stream sample {\"strategy\":\"RANDOM\",\"threshold\":200}");
    }

    private static long count(List<JsonNode> records, String jobId) {
        return records.stream().filter(r -> r.get("job").asText().equals(jobId)).count();
    }

    private static long firstSeq(List<JsonNode> records) {
        return records.get(0).get("seq").asLong();
    }

    private static long lastSeq(List<JsonNode> records) {
        return records.isEmpty() ? -1 : records.get(records.size() - 1).get("seq").asLong();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.lenient().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
