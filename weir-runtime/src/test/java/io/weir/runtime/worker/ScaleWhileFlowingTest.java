package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Scaling the middle stage from 1 to 20 workers and back while records flow loses and duplicates nothing. */
class ScaleWhileFlowingTest {

    static final int RECORDS = 200_000;

    /** Numbered records through a scalar middle stage into a last stage that marks each number it sees. */
    static final class Numbered implements WeirJob {

        final BitSet seen = new BitSet(RECORDS);
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger count = new AtomicInteger();
        final List<io.micrometer.core.instrument.MeterRegistry> registries = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Topology topology(JobContext context) {
            registries.add(context.metrics());
            return Topology.from(ctx -> Flux.range(0, RECORDS).delayElements(Duration.ofNanos(1), reactor.core.scheduler.Schedulers.single())
                            .limitRate(256).map(n -> ByteBuffer.allocate(8).putLong(0, n).array()), Codecs.bytes())
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()))
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()))
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f.doOnNext(this::mark).filter(r -> false), Codecs.bytes()))
                    .toSink();
        }

        /** Every worker's count of a connection meter (attempts, failures). */
        double connections(String meter) {
            return registries.stream().flatMap(r -> r.find(meter).counters().stream())
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
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

    @AfterEach
    void stop() {
        workers.forEach(RunningWorker::close);
        if (discovery != null) {
            discovery.close();
        }
    }

    private RunningWorker start(Numbered job, int stage, int number, int index) throws Exception {
        var w = job.start(new WorkerContext("scale-1", number, stage, index, 3, Map.of(), List.of(), "127.0.0.1", discovery.url()));
        workers.add(w);
        discovery.started(stage, number, index, w.ports().data().get(0));
        return w;
    }

    private List<RunningWorker> startPipeline(Numbered job) throws Exception {
        discovery = new FakeDiscovery("scale-1");
        discovery.stage(1, 1);
        discovery.stage(2, 1);
        discovery.stage(3, 1);
        start(job, 3, 100, 0);
        start(job, 2, 2, 0);
        start(job, 1, 1, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 1_000);
        discovery.stage(2, 20);
        var added = new ArrayList<RunningWorker>();
        for (int i = 1; i < 20; i++) {
            added.add(start(job, 2, 2 + i, i));
        }
        return added;
    }

    @Test
    void scalingTheMiddleStageUpLosesAndDuplicatesNothing() throws Exception {
        var job = new Numbered();
        startPipeline(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.connections("weir.stage.connection.attempts") == 2 * 20 + 2 * 20);
        assertThat(job.connections("weir.stage.connection.failures")).as("nobody dials a worker before it is Started").isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() >= RECORDS);
        assertThat(job.duplicates.get()).isZero();
        assertThat(job.seen.cardinality()).isEqualTo(RECORDS);
    }

    @Test
    void scalingTheMiddleStageUpAndBackDownLosesAndDuplicatesNothing() throws Exception {
        var job = new Numbered();
        var added = startPipeline(job);
        int before = job.count.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > before + 20_000);

        // as the master does: the removed workers leave discovery and are told to stop at the same time
        discovery.stage(2, 1);
        var stopping = new ArrayList<Thread>();
        long stopStart = System.nanoTime();
        for (int i = 0; i < added.size(); i++) {
            discovery.stopped(2, 3 + i);
            stopping.add(Thread.ofVirtual().start(added.get(i)::close));
        }
        for (Thread t : stopping) {
            t.join(Duration.ofSeconds(15));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).as("drained, not cut off by the drain timeout")
                .isLessThan(JobWorker.DRAIN_TIMEOUT);

        await().atMost(Duration.ofSeconds(60)).until(() -> job.count.get() >= RECORDS);
        assertThat(job.duplicates.get()).isZero();
        assertThat(job.seen.cardinality()).isEqualTo(RECORDS);
    }
}
