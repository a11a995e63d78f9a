package io.weir.bench.master;

import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import reactor.netty.http.client.HttpClient.ResponseReceiver;
import reactor.netty.resources.ConnectionProvider;

/**
 * End-to-end benchmarks of the control plane on the embedded store, against a real master over loopback HTTP:
 * discovery latency to many SSE subscribers, submission-to-first-event latency, and restart recovery time.
 * Usage: {@code MasterBench [discovery|submit|recovery|all] [runs] [subscribers]}.
 */
public final class MasterBench {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern HOST = Pattern.compile("\"workerNumber\":");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int subscribers = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        var bench = new MasterBench();
        for (int run = 1; run <= runs; run++) {
            System.out.println("== run " + run + " of " + runs);
            if (what.equals("discovery") || what.equals("all")) {
                bench.discovery(subscribers, 40);
            }
            if (what.equals("submit") || what.equals("all")) {
                bench.submit(300);
            }
            if (what.equals("recovery") || what.equals("all")) {
                bench.recovery(1_000, 10);
            }
        }
        System.exit(0);
    }

    private static WeirMaster startMaster(Path dir) {
        // the control plane without authentication (WEIR_AUTH=off): its raw HTTP calls carry no tokens
        var config = MasterConfig.fromSettings(Settings.empty()).withPort(0).withDataDir(dir)
                .withSecurity(io.weir.master.security.SecurityConfig.OFF);
        var master = WeirMaster.start(config, (listener, clusters) -> new InstantLaunchScheduler(listener), Clock.systemUTC());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!master.isReady() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return master;
    }

    private String post(int port, String path, String body) throws IOException, InterruptedException {
        var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }

    private static String cluster(String name, int workers) {
        return "{\"name\":\"" + name + "\",\"jobClass\":\"bench.Job\",\"stages\":{\"1\":{\"numWorkers\":" + workers + "}}}";
    }

    private static List<Integer> workerNumbers(String jobJson) {
        var out = new ArrayList<Integer>();
        Matcher m = Pattern.compile("\"workerNumber\":(\\d+)").matcher(jobJson);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** Time from a worker's Started report to the event on every one of {@code subscribers} SSE streams. */
    void discovery(int subscribers, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("weir-bench-discovery");
        try (var master = startMaster(dir)) {
            int port = master.port();
            post(port, "/api/v1/jobClusters", cluster("disc", rounds));
            String job = post(port, "/api/v1/jobClusters/disc/jobs", "");
            String jobId = firstJobId(job);
            var numbers = workerNumbers(job);
            var seenHosts = new AtomicLongArray(subscribers);
            var startedAt = new long[rounds + 1];
            var histogram = new org.HdrHistogram.ConcurrentHistogram(3);
            var provider = ConnectionProvider.newConnection();
            var connected = new CountDownLatch(subscribers);
            var client = reactor.netty.http.client.HttpClient.create(provider).baseUrl("http://127.0.0.1:" + port);
            var subscriptions = new ArrayList<reactor.core.Disposable>();
            for (int s = 0; s < subscribers; s++) {
                int index = s;
                ResponseReceiver<?> receiver = client.get().uri("/assignmentresults/" + jobId);
                var pending = new StringBuilder();
                subscriptions.add(receiver.responseContent().asString().subscribe(chunk -> {
                    long now = System.nanoTime();
                    pending.append(chunk);
                    int end;
                    while ((end = pending.indexOf("\n\n")) >= 0) {
                        String frame = pending.substring(0, end);
                        pending.delete(0, end + 2);
                        if (!frame.startsWith("data:")) {
                            continue;
                        }
                        int hosts = count(frame);
                        if (hosts == 0) {
                            connected.countDown();
                        }
                        long before = seenHosts.getAndSet(index, Math.max(seenHosts.get(index), hosts));
                        for (long h = before + 1; h <= hosts; h++) {
                            histogram.recordValue((now - startedAt[(int) h]) / 1_000);
                        }
                    }
                }));
            }
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (subscribers - connected.getCount()) + " subscribers connected");
            }
            var heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            String allAlive = numbers.stream().map(n -> "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + "}")
                    .collect(java.util.stream.Collectors.joining(",", "{\"events\":[", "]}"));
            heartbeats.scheduleAtFixedRate(() -> {
                try {
                    post(port, "/api/v1/workerEvents", allAlive);
                } catch (Exception e) {
                    System.err.println("heartbeat failed: " + e);
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            for (int r = 1; r <= rounds; r++) {
                int n = numbers.get(r - 1);
                startedAt[r] = System.nanoTime();
                post(port, "/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n
                        + ",\"state\":\"Started\",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + (40_000 + n) + "]}}]}");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (histogram.getTotalCount() < (long) r * subscribers && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Thread.sleep(60);
            }
            System.out.printf("discovery: %d subscribers x %d Started reports: %d events received, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    subscribers, rounds, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
            heartbeats.shutdownNow();
            subscriptions.forEach(reactor.core.Disposable::dispose);
            provider.dispose();
        }
    }

    private static int count(String frame) {
        Matcher m = HOST.matcher(frame);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String firstJobId(String json) {
        Matcher m = JOB_ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no jobId in " + json);
        }
        return m.group(1);
    }

    /** Submission of a 10-worker job and its first scheduling-info event, one after another. */
    void submit(int jobs) throws Exception {
        Path dir = Files.createTempDirectory("weir-bench-submit");
        try (var master = startMaster(dir)) {
            int port = master.port();
            post(port, "/api/v1/jobClusters", cluster("sub", 10));
            var histogram = new Histogram(3);
            for (int i = 0; i < jobs; i++) {
                long start = System.nanoTime();
                String jobId = firstJobId(post(port, "/api/v1/jobClusters/sub/jobs", ""));
                var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/assignmentresults/" + jobId)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                        // skip to the first event
                    }
                }
                if (i >= jobs / 10) {
                    histogram.recordValue((System.nanoTime() - start) / 1_000);
                }
            }
            System.out.printf("submit: %d jobs x 10 workers, submission + first event: p50 %.2f ms, p99 %.2f ms%n",
                    histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
        }
    }

    /** Restart time of a master whose store holds {@code jobs} active jobs of {@code workers} workers each. */
    void recovery(int jobs, int workers) throws Exception {
        Path dir = Files.createTempDirectory("weir-bench-recovery");
        try (var master = startMaster(dir)) {
            int port = master.port();
            post(port, "/api/v1/jobClusters", cluster("rec", workers));
            for (int i = 0; i < jobs; i++) {
                post(port, "/api/v1/jobClusters/rec/jobs", "");
            }
        }
        var times = new ArrayList<Long>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (var master = startMaster(dir)) {
                times.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Collections.sort(times);
        System.out.printf("recovery: %d jobs x %d workers, start to ready: median %d ms (runs %s)%n", jobs, workers, times.get(1), times);
    }
}
