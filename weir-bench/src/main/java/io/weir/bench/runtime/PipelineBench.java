package io.weir.bench.runtime;

import io.weir.core.security.JobTokens;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import reactor.core.publisher.Flux;

/**
 * End-to-end throughput and latency of a three-stage job (source → scalar → keyed sink stage), one worker per stage,
 * in one JVM over loopback TCP, 100-byte records: first unthrottled, then at half that rate for latency.
 * Counts at the last stage's logic (what reached the sink), checks sequence numbers for loss after a lossless
 * shutdown (each stage drains into the next).
 * Usage: {@code PipelineBench [runs] [seconds] [certDir]}; with a certificate directory it compares plaintext and TLS;
 * {@code -Dweir.bench.token=true} runs the workers with a job token.
 */
public final class PipelineBench {

    /** The benchmark job; {@code ratePerSecond} 0 means as fast as credit allows. */
    static final class Pipeline implements WeirJob {

        private final long ratePerSecond;
        final AtomicLong received = new AtomicLong();
        final AtomicLong maxSeq = new AtomicLong(-1);
        final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
        volatile double cpuMicrosPerRecord;

        Pipeline(long ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
        }

        @Override
        public Topology topology(JobContext context) {
            return Topology.from(ctx -> source(ratePerSecond), Codecs.bytes())
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()))
                    .then(StageSpec.<byte[], byte[]>scalar(f -> f, Codecs.bytes()))
                    .then(new StageSpec<byte[], byte[]>(f -> f.doOnNext(this::arrived).filter(r -> false), Codecs.bytes(),
                            r -> String.valueOf(ByteBuffer.wrap(r).getLong(0) % 1000)))
                    .toSink();
        }

        private void arrived(byte[] r) {
            var b = ByteBuffer.wrap(r);
            long seq = b.getLong(0);
            long sent = b.getLong(8);
            received.incrementAndGet();
            maxSeq.accumulateAndGet(seq, Math::max);
            if (ratePerSecond > 0) {
                latencyMicros.recordValue(Math.max(0, (System.nanoTime() - sent) / 1_000));
            }
        }

        private static byte[] record(long seq) {
            var b = ByteBuffer.allocate(100);
            b.putLong(seq).putLong(System.nanoTime());
            return b.array();
        }

        private static Flux<byte[]> source(long rate) {
            if (rate <= 0) {
                return Flux.generate(() -> 0L, (seq, sink) -> {
                    sink.next(record(seq));
                    return seq + 1;
                });
            }
            long perMilli = Math.max(1, rate / 1000);
            var seq = new AtomicLong();
            return Flux.interval(Duration.ofMillis(1)).onBackpressureDrop()
                    .concatMapIterable(t -> {
                        var batch = new ArrayList<byte[]>((int) perMilli);
                        for (int i = 0; i < perMilli; i++) {
                            batch.add(record(seq.getAndIncrement()));
                        }
                        return batch;
                    });
        }
    }

    /** With {@code -Dweir.bench.token=true} the workers carry a job token, so every subscription is checked against it. */
    private static final String JOB_TOKEN = Boolean.getBoolean("weir.bench.token")
            ? new JobTokens("pipeline-bench-cluster-secret".getBytes(StandardCharsets.UTF_8)).tokenFor("bench-1") : null;

    public static void main(String[] args) throws Exception {
        System.out.println("pipeline: job token " + (JOB_TOKEN == null ? "off" : "on (subscriptions and the sink check it)"));
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (args.length > 2) {
            compareTls(runs, seconds, java.nio.file.Path.of(args[2]));
            System.exit(0);
        }
        for (int run = 1; run <= runs; run++) {
            var max = new Pipeline(0);
            double rate = measure(max, seconds);
            System.out.printf("pipeline run %d: unthrottled %.0f records/s at the sink stage; sequence gaps %d%n", run, rate,
                    max.maxSeq.get() + 1 - max.received.get());
            var half = new Pipeline((long) (rate / 2));
            double halfRate = measure(half, seconds);
            System.out.printf("pipeline run %d: at %.0f records/s offered, %.0f/s received; latency source→sink p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    run, rate / 2, halfRate, half.latencyMicros.getValueAtPercentile(50) / 1000.0,
                    half.latencyMicros.getValueAtPercentile(99) / 1000.0, half.latencyMicros.getMaxValue() / 1000.0);
        }
        System.exit(0);
    }

    /**
     * Unthrottled throughput with plaintext and with TLS on the data plane, alternating in one JVM after a warm-up round
     * of each (the JIT compiles the TLS path only once it runs); {@code certs} holds
     * {@code node.pem}, {@code node.key} and {@code ca.pem} (the workers read WEIR_TLS_* when they start).
     */
    private static void compareTls(int runs, int seconds, java.nio.file.Path certs) throws Exception {
        var plain = new ArrayList<Double>();
        var tls = new ArrayList<Double>();
        var plainCpu = new ArrayList<Double>();
        var tlsCpu = new ArrayList<Double>();
        for (boolean on : new boolean[] {false, true}) {
            tlsProperties(on ? certs : null);
            System.out.printf("warm-up, %s: %.0f records/s%n", on ? "tls      " : "plaintext", measure(new Pipeline(0), seconds));
        }
        for (int run = 1; run <= runs; run++) {
            for (boolean on : new boolean[] {false, true}) {
                tlsProperties(on ? certs : null);
                var job = new Pipeline(0);
                double rate = measure(job, seconds);
                (on ? tls : plain).add(rate);
                (on ? tlsCpu : plainCpu).add(job.cpuMicrosPerRecord);
                System.out.printf("pipeline run %d, %s: %.0f records/s at the sink stage, %.2f µs CPU per record; sequence gaps %d%n",
                        run, on ? "tls      " : "plaintext", rate, job.cpuMicrosPerRecord, job.maxSeq.get() + 1 - job.received.get());
            }
        }
        double p = median(plain);
        double t = median(tls);
        System.out.printf("median of %d: plaintext %.0f records/s, tls %.0f records/s; tls costs %.1f%% of throughput%n",
                runs, p, t, 100 * (1 - t / p));
        double pc = median(plainCpu);
        double tc = median(tlsCpu);
        System.out.printf("median of %d: plaintext %.2f µs CPU per record, tls %.2f; tls costs %.1f%% more CPU per record%n",
                runs, pc, tc, 100 * (tc / pc - 1));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void tlsProperties(java.nio.file.Path certs) {
        Map<String, String> files = Map.of("weir.tls.cert", "node.pem", "weir.tls.key", "node.key", "weir.tls.ca", "ca.pem");
        files.forEach((property, file) -> {
            if (certs == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, certs.resolve(file).toString());
            }
        });
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Runs the three workers for {@code seconds} after a 2 s warm-up; returns records/s at the last stage. */
    private static double measure(Pipeline job, int seconds) throws Exception {
        var workers = new ArrayList<RunningWorker>();
        try (var discovery = new StaticDiscovery("bench-1", 1, 1, 1)) {
            int number = 1;
            for (int stage = 3; stage >= 1; stage--) {
                var w = job.start(new WorkerContext("bench-1", number, stage, 0, 3, Map.of(), List.of(), "127.0.0.1", discovery.url(),
                        JOB_TOKEN));
                workers.add(w);
                discovery.started(stage, number, 0, w.ports().data().get(0));
                number++;
            }
            Thread.sleep(2_000);
            job.latencyMicros.reset();
            long before = job.received.get();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            long got = job.received.get() - before;
            job.cpuMicrosPerRecord = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, got);
            return got / ((System.nanoTime() - start) / 1e9);
        } finally {
            // source first: each stage drains into the next, so every record sent is counted before the gaps are
            workers.reversed().forEach(RunningWorker::close);
        }
    }
}
