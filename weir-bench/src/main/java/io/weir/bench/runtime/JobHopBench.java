package io.weir.bench.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.bench.master.InstantLaunchScheduler;
import io.weir.client.source.Sources;
import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import io.weir.master.security.SecurityConfig;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;

/**
 * The job-to-job hop, end to end on a real master over loopback: an upstream job's sink worker (a real
 * {@link SinkServer}, reported Started to the master) publishes records stamped with {@code System.nanoTime()}; a
 * consuming job's {@link Sources#job} source in the same JVM finds it by cluster name and records the time each record
 * took from {@code publish} to the consumer (sink buffer, TCP, decoding, MQL). Then the upstream job is replaced
 * {@code switches} times: the time from the new job's sink worker being reported Started to its first record at the
 * consumer. Usage: {@code JobHopBench [runs=3] [seconds=10] [switches=10]}.
 */
public final class JobHopBench {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern WORKER = Pattern.compile("\"workerNumber\":(\\d+)");
    private static final int[] RATES = {10_000, 100_000};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    private int port;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int switches = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        new JobHopBench().run(runs, seconds, switches);
        System.exit(0);
    }

    private void run(int runs, int seconds, int switches) throws Exception {
        var config = MasterConfig.fromSettings(Settings.empty()).withPort(0)
                .withDataDir(Files.createTempDirectory("weir-bench-hop")).withSecurity(SecurityConfig.OFF);
        try (var master = WeirMaster.start(config, (listener, clusters) -> new InstantLaunchScheduler(listener), Clock.systemUTC())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!master.isReady() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            port = master.port();
            post("/api/v1/jobClusters", "{\"name\":\"up\",\"jobClass\":\"bench.Job\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
            var upstream = new AtomicReference<>(startUpstream());
            var consumer = new Consumer();
            var context = new JobContext("down-1", 1, 1, 0, 1, Parameters.validate(List.of(), Map.of()),
                    new SimpleMeterRegistry(), "http://127.0.0.1:" + port, null);
            Disposable reading = Sources.job("up", "select * from stream").produce(context).subscribe(consumer::accept);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.received.get() == 0 && System.nanoTime() < until) {
                upstream.get().sink.publish(record(0, System.nanoTime()));
                Thread.sleep(10);
            }
            for (int run = 1; run <= runs; run++) {
                for (int rate : RATES) {
                    hop(upstream.get(), consumer, rate, seconds, run);
                }
            }
            var switchMillis = new double[switches];
            for (int i = 0; i < switches; i++) {
                switchMillis[i] = replace(upstream, consumer);
            }
            Arrays.sort(switchMillis);
            System.out.printf("upstream replaced %d times: new job's sink Started -> first record at the consumer: "
                            + "p50 %.1f ms, max %.1f ms%n", switches, switchMillis[switches / 2], switchMillis[switches - 1]);
            reading.dispose();
            upstream.get().close();
        } finally {
            beats.shutdownNow();
        }
    }

    /** Publishes at {@code rate} records/s for {@code seconds} (after one second of warm-up) and prints the hop latency. */
    private void hop(Upstream up, Consumer consumer, int rate, int seconds, int run) {
        consumer.reset();
        long before = consumer.received.get();
        long start = System.nanoTime();
        long warmEnd = start + TimeUnit.SECONDS.toNanos(1);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        long intervalNanos = 1_000_000_000L / rate;
        long next = start;
        boolean warm = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!warm && now >= warmEnd) {
                consumer.reset();
                warm = true;
            }
            while (next <= now) {
                up.sink.publish(record(sent++, System.nanoTime()));
                next += intervalNanos;
            }
            LockSupport.parkNanos(Math.min(next - now, 200_000));
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (consumer.received.get() - before < sent && System.nanoTime() < waitUntil) {
            LockSupport.parkNanos(1_000_000);
        }
        Histogram h = consumer.latencyMicros.copy();
        System.out.printf("run %d: %,7d records/s: hop latency p50 %,d µs, p99 %,d µs, p99.9 %,d µs, max %,d µs "
                        + "(%,d sent, %,d received, %,d samples)%n", run, rate, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), sent,
                consumer.received.get() - before, h.getTotalCount());
    }

    /** Kills the upstream job, submits the next, reports its sink Started; milliseconds until its first record arrives. */
    private double replace(AtomicReference<Upstream> upstream, Consumer consumer) throws Exception {
        Upstream old = upstream.get();
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + old.jobId + "?reason=bench")).DELETE());
        old.close();
        Upstream next = startUpstream();
        upstream.set(next);
        consumer.firstOf(next.jobId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.firstNanos.get() == 0 && System.nanoTime() < deadline) {
            next.sink.publish(record(-1, System.nanoTime()));
            LockSupport.parkNanos(200_000);
        }
        if (consumer.firstNanos.get() == 0) {
            throw new IllegalStateException("no record of job " + next.jobId + " within 30 s");
        }
        return (consumer.firstNanos.get() - next.startedNanos) / 1e6;
    }

    private Upstream startUpstream() throws Exception {
        String job = post("/api/v1/jobClusters/up/jobs", "");
        Matcher id = JOB_ID.matcher(job);
        if (!id.find()) {
            throw new IllegalStateException("no job id in " + job);
        }
        String jobId = id.group(1);
        Matcher w = WORKER.matcher(job);
        if (!w.find()) {
            throw new IllegalStateException("no worker in " + job);
        }
        int worker = Integer.parseInt(w.group(1));
        var sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0), new SimpleMeterRegistry());
        report(jobId, worker, "StartInitiated", null);
        long started = System.nanoTime();
        report(jobId, worker, "Started", sink.port());
        var beat = beats.scheduleAtFixedRate(() -> {
            try {
                post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + "}]}");
            } catch (Exception e) {
                // the job was killed; this beat is cancelled next
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        return new Upstream(jobId, sink, started, () -> beat.cancel(false));
    }

    private void report(String jobId, int worker, String state, Integer sinkPort) throws Exception {
        post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + worker + ",\"state\":\""
                + state + "\"" + (sinkPort == null ? "" : ",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + sinkPort + "]}") + "}]}");
    }

    private static String record(long seq, long nanos) {
        return "{\"seq\":" + seq + ",\"t\":" + nanos + "}";
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var req = request.build();
        var res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() >= 300) {
            throw new IllegalStateException(req.method() + " " + req.uri().getPath() + " -> " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    private record Upstream(String jobId, SinkServer sink, long startedNanos, Runnable stopBeats) implements AutoCloseable {
        @Override
        public void close() {
            stopBeats.run();
            sink.close();
        }
    }

    /** Records each record's hop time; {@link #firstOf} watches for the first record that arrives after a switch. */
    private static final class Consumer {
        final AtomicLong received = new AtomicLong();
        final AtomicLong firstNanos = new AtomicLong();
        volatile ConcurrentHistogram latencyMicros = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        volatile String waitingFor;

        void accept(String json) {
            long now = System.nanoTime();
            received.incrementAndGet();
            int t = json.indexOf("\"t\":");
            long stamp = Long.parseLong(json, t + 4, json.indexOf('}', t), 10);
            if (json.startsWith("{\"seq\":-1,")) {
                if (waitingFor != null) {
                    firstNanos.compareAndSet(0, now);
                }
                return;
            }
            latencyMicros.recordValue(Math.max(0, (now - stamp) / 1_000));
        }

        void reset() {
            latencyMicros = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        }

        void firstOf(String jobId) {
            waitingFor = jobId;
            firstNanos.set(0);
        }
    }
}
