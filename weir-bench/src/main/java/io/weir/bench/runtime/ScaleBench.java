package io.weir.bench.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Scales the middle stage of a three-stage job from 1 to N workers and back to 1 while numbered records flow at a
 * fixed rate, all workers in this JVM over loopback TCP with a discovery stand-in. Reports the time from the scale-up
 * until every new worker has received records, the connection attempts and failures of every worker (target: zero
 * failures — nobody dials a worker before discovery lists it Started), how long the removed workers took to drain,
 * and lost or duplicated records (target: none). Usage: {@code ScaleBench [runs] [workers] [recordsPerSecond]}.
 */
public final class ScaleBench {

    private static final int SECONDS_EACH_WAY = 5;

    /** Numbered records through a scalar middle stage into a last stage that marks each number. */
    static final class Numbered implements WeirJob {

        private final long total;
        private final long ratePerSecond;
        final BitSet seen;
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final Map<Integer, Long> firstRecordAt = new ConcurrentHashMap<>();
        final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

        Numbered(long total, long ratePerSecond) {
            this.total = total;
            this.ratePerSecond = ratePerSecond;
            this.seen = new BitSet((int) total);
        }

        @Override
        public Topology topology(JobContext context) {
            registries.add(context.metrics());
            int index = context.workerIndex();
            long perMilli = Math.max(1, ratePerSecond / 1000);
            return Topology.from(ctx -> Flux.interval(Duration.ofMillis(1)).onBackpressureBuffer()
                            .concatMapIterable(t -> batch(t * perMilli, perMilli)), Codecs.bytes())
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()))
                    .then(StageSpec.<byte[], byte[]>scalar(f -> context.stage() != 2 ? f
                            : f.doOnNext(r -> firstRecordAt.putIfAbsent(index, System.nanoTime())), Codecs.bytes()))
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f.doOnNext(this::mark).filter(r -> false), Codecs.bytes()))
                    .toSink();
        }

        private List<byte[]> batch(long from, long n) {
            var out = new ArrayList<byte[]>((int) n);
            for (long i = from; i < from + n && i < total; i++) {
                out.add(ByteBuffer.allocate(100).putLong(0, i).array());
            }
            return out;
        }

        private synchronized void mark(byte[] r) {
            int n = (int) ByteBuffer.wrap(r).getLong(0);
            if (seen.get(n)) {
                duplicates.incrementAndGet();
            }
            seen.set(n);
            received.incrementAndGet();
        }

        double connectionMeter(String name) {
            return registries.stream().flatMap(r -> r.find(name).counters().stream()).mapToDouble(Counter::count).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long rate = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        for (int run = 1; run <= runs; run++) {
            run(run, workers, rate);
        }
        System.exit(0);
    }

    private static void run(int run, int size, long rate) throws Exception {
        long total = rate * (2 * SECONDS_EACH_WAY + 4);
        var job = new Numbered(total, rate);
        var all = new ArrayList<RunningWorker>();
        try (var discovery = new StaticDiscovery("scale-1", 1, 1, 1)) {
            all.add(start(job, discovery, 3, 100, 0));
            all.add(start(job, discovery, 2, 2, 0));
            all.add(start(job, discovery, 1, 1, 0));
            await(() -> job.received.get() > rate, "the first records");

            long upAt = System.nanoTime();
            discovery.resize(2, size);
            var added = new ArrayList<RunningWorker>();
            for (int i = 1; i < size; i++) {
                added.add(start(job, discovery, 2, 2 + i, i));
            }
            await(() -> job.firstRecordAt.size() == size, "every new worker's first record");
            long allReceiving = job.firstRecordAt.values().stream().mapToLong(t -> t - upAt).max().orElse(0);
            Thread.sleep(SECONDS_EACH_WAY * 1000L);
            double failedUp = job.connectionMeter("weir.stage.connection.failures");

            discovery.resize(2, 1);
            long downAt = System.nanoTime();
            var stopping = new ArrayList<Thread>();
            for (int i = 0; i < added.size(); i++) {
                discovery.stopped(2, 3 + i);
                stopping.add(Thread.ofVirtual().start(added.get(i)::close));
            }
            for (var t : stopping) {
                t.join();
            }
            long drainedMillis = (System.nanoTime() - downAt) / 1_000_000;

            await(() -> job.received.get() >= total, "the last record");
            Thread.sleep(500);
            System.out.printf("scale run %d: 1 -> %d -> 1 at %d records/s: every new worker received data %.1f ms after the "
                            + "scale-up; connection attempts %.0f, failed %.0f (scaling up %.0f); scale-down drained in %d ms; "
                            + "records %d of %d, lost %d, duplicated %d%n",
                    run, size, rate, allReceiving / 1e6, job.connectionMeter("weir.stage.connection.attempts"),
                    job.connectionMeter("weir.stage.connection.failures"), failedUp, drainedMillis, job.received.get(), total,
                    total - job.seen.cardinality(), job.duplicates.get());
        } finally {
            all.forEach(RunningWorker::close);
        }
    }

    private static RunningWorker start(Numbered job, StaticDiscovery discovery, int stage, int number, int index) throws Exception {
        var w = job.start(new WorkerContext("scale-1", number, stage, index, 3, Map.of(), List.of(), "127.0.0.1", discovery.url()));
        discovery.started(stage, number, index, w.ports().data().get(0));
        return w;
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}
