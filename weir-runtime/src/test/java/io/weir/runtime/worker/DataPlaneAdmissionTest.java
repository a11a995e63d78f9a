package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.security.JobTokens;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import io.weir.runtime.stream.StreamParams;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Strangers on a worker's data port: OPENs without the job's token, with another's, for another job or stage, or for
 * an index the next stage does not have are refused with ERROR FORBIDDEN and get no record, while the job's own
 * downstream gets every record; a subscriber that grants no credit does not hold up a keyed stage.
 */
class DataPlaneAdmissionTest {

    static final int RECORDS = 100_000;
    static final String JOB = "guard-1";
    static final JobTokens TOKENS = new JobTokens("data-plane-test-secret".getBytes(StandardCharsets.UTF_8));

    /** Numbered records from stage 1 into a last stage (scalar or keyed by number mod 16) that marks each one. */
    static final class Counted implements WeirJob {
        final BitSet seen = new BitSet(RECORDS);
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger count = new AtomicInteger();
        final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
        private final boolean keyed;

        Counted(boolean keyed) {
            this.keyed = keyed;
        }

        @Override
        public Topology topology(JobContext context) {
            registries.add(context.metrics());
            var source = Topology.from(ctx -> Flux.range(0, RECORDS).delayElements(Duration.ofNanos(1), Schedulers.single())
                    .limitRate(256).map(n -> ByteBuffer.allocate(8).putLong(0, n).array()), Codecs.bytes())
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()));
            return (keyed
                    ? source.then(new StageSpec<byte[], byte[]>(f -> f.doOnNext(this::mark).filter(r -> false), Codecs.bytes(),
                            r -> String.valueOf(ByteBuffer.wrap(r).getLong(0) % 16)))
                    : source.then(StageSpec.<byte[], byte[]>scalar(f -> f.doOnNext(this::mark).filter(r -> false), Codecs.bytes())))
                    .toSink();
        }

        double refused(String reason) {
            return registries.stream().mapToDouble(r -> {
                var c = r.find("weir.stream.refused").tag("reason", reason).counter();
                return c == null ? 0 : c.count();
            }).sum();
        }

        private synchronized void mark(byte[] r) {
            int n = (int) ByteBuffer.wrap(r).getLong(0);
            if (seen.get(n)) {
                duplicates.incrementAndGet();
            }
            seen.set(n);
            count.incrementAndGet();
        }
    }

    private final List<RunningWorker> workers = new ArrayList<>();
    private FakeDiscovery discovery;
    private Stranger stranger;

    @AfterEach
    void stop() {
        workers.forEach(RunningWorker::close);
        if (stranger != null) {
            stranger.close();
        }
        if (discovery != null) {
            discovery.close();
        }
        System.clearProperty("weir.stream.credit.timeout.ms");
    }

    /** Starts the sink stage's worker 2 at index 0, then the source worker 1; returns the source's data port. */
    private int startJob(Counted job) throws Exception {
        discovery = new FakeDiscovery(JOB);
        discovery.stage(1, 1);
        discovery.stage(2, 1);
        var sink = job.start(context(2, 2));
        workers.add(sink);
        discovery.started(2, 2, 0, sink.ports().data().get(0));
        var source = job.start(context(1, 1));
        workers.add(source);
        int port = source.ports().data().get(0);
        discovery.started(1, 1, 0, port);
        stranger = new Stranger();
        return port;
    }

    private WorkerContext context(int stage, int number) {
        return new WorkerContext(JOB, number, stage, 0, 2, Map.of(), List.of(), "127.0.0.1", discovery.url(), TOKENS.tokenFor(JOB));
    }

    private static Map<String, String> params(String job, int stage, int index, int number, String token) {
        return StreamParams.withSlot(StreamParams.subscribe(job, stage, index, number, token), 0);
    }

    @Test
    void strangersAreRefusedAndGetNothingWhileTheJobsDownstreamGetsEveryRecord() throws Exception {
        var job = new Counted(false);
        int port = startJob(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 1_000);

        String token = TOKENS.tokenFor(JOB);
        var attempts = new HashMap<String, Stranger.Opened>();
        attempts.put("token", stranger.open(port, params(JOB, 2, 0, 2, null), 10_000));
        attempts.put("token (wrong)", stranger.open(port, params(JOB, 2, 0, 2, token + "x"), 10_000));
        attempts.put("token (other job)", stranger.open(port, params("other-1", 2, 0, 2, TOKENS.tokenFor("other-1")), 10_000));
        attempts.put("job", stranger.open(port, params("other-1", 2, 0, 2, token), 10_000));
        attempts.put("stage", stranger.open(port, params(JOB, 3, 0, 2, token), 10_000));
        attempts.put("index", stranger.open(port, params(JOB, 2, 2_000_000_000, 2, token), 10_000));
        attempts.put("worker_number", stranger.open(port, params(JOB, 2, 0, 77, token), 10_000));
        var noSlot = new HashMap<>(params(JOB, 2, 0, 2, token));
        noSlot.remove(StreamParams.SLOT);
        attempts.put("malformed", stranger.open(port, noSlot, 10_000));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> attempts.forEach((what, opened) ->
                assertThat(opened.refused()).as(what + ": refused with FORBIDDEN, got " + opened.error.get()).isTrue()));
        assertThat(attempts.get("index").error.get()).hasMessageContaining("weir.workerIndex: 2000000000");
        assertThat(attempts.get("token").error.get()).hasMessageContaining("token");
        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() >= RECORDS);
        attempts.forEach((what, opened) -> assertThat(opened.records.get()).as(what + ": records").isZero());
        assertThat(job.seen.cardinality()).isEqualTo(RECORDS);
        assertThat(job.duplicates.get()).isZero();
        assertThat(job.refused("token")).isEqualTo(3);
        for (String reason : List.of("job", "stage", "index", "worker_number", "malformed")) {
            assertThat(job.refused(reason)).as(reason).isEqualTo(1);
        }
    }

    @Test
    void aHugeWorkerIndexCostsNoMemory() throws Exception {
        var job = new Counted(false);
        int port = startJob(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 1_000);
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        var opened = new ArrayList<Stranger.Opened>();
        for (int i = 0; i < 100; i++) {
            opened.add(stranger.open(port, params(JOB, 2, 2_000_000_000 - i, 2, TOKENS.tokenFor(JOB)), 10_000));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> opened.stream().allMatch(Stranger.Opened::refused));
        System.gc();
        long grown = memory.getHeapMemoryUsage().getUsed() - before;
        assertThat(grown).as("heap growth in bytes after 100 OPENs at index ~2e9 (64 held, 36 refused at once)").isLessThan(64L << 20);
        assertThat(job.refused("index")).isEqualTo(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() >= RECORDS);
    }

    @Test
    void aNewerSubscriptionForTheSameIndexAndSlotReplacesTheOlderWithoutLosingARecord() throws Exception {
        var job = new Counted(false);
        int port = startJob(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 1_000);

        var first = stranger.open(port, params(JOB, 2, 0, 2, TOKENS.tokenFor(JOB)), 1_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.records.get() > 0);
        var second = stranger.open(port, params(JOB, 2, 0, 2, TOKENS.tokenFor(JOB)), 1_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.ended.get());
        assertThat(first.error.get()).as("ended after what it was sent, not failed").isNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() + first.records.get() + second.records.get() >= RECORDS);
        assertThat(job.count.get() + first.records.get() + second.records.get()).isEqualTo(RECORDS);
        assertThat(job.duplicates.get()).isZero();
    }

    @Test
    void aSubscriberWithoutCreditDoesNotHoldUpAKeyedStage() throws Exception {
        System.setProperty("weir.stream.credit.timeout.ms", "500");
        var job = new Counted(true);
        int port = startJob(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 1_000);

        var stalled = new ArrayList<Stranger.Opened>();
        for (int slot = 0; slot < 2; slot++) {
            stalled.add(stranger.open(port, StreamParams.withSlot(StreamParams.subscribe(JOB, 2, 0, 2, TOKENS.tokenFor(JOB)), slot), 0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stalled.stream().allMatch(Stranger.Opened::over));
        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() >= RECORDS);
        stalled.forEach(s -> assertThat(s.records.get()).isZero());
        assertThat(job.seen.cardinality()).isEqualTo(RECORDS);
        assertThat(job.duplicates.get()).isZero();
    }
}
