package io.weir.bench.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.bench.master.InstantLaunchScheduler;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.service.ServiceClient;
import io.weir.client.service.ServiceSession;
import io.weir.core.config.Settings;
import io.weir.core.json.Json;
import io.weir.core.worker.WorkerContext;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import io.weir.master.security.SecurityConfig;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceControl;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceJob;
import io.weir.runtime.service.ServiceRequest;
import io.weir.runtime.worker.ServiceRunner;
import io.weir.runtime.worker.ServiceWorker;
import io.weir.transport.config.TransportConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Many concurrent service sessions on two workers: a real master (its director), two service workers in this JVM
 * serving over TCP, and one {@link ServiceClient} opening {@code sessions} sessions that each stream a response every
 * {@code intervalMillis}. Reports the heap per session (client and workers together, after a full GC) and the responses
 * per second all sessions receive. Usage: {@code ServiceSessionsBench [sessions=10000] [intervalMillis=100] [seconds=10]}.
 */
public final class ServiceSessionsBench {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern WORKER = Pattern.compile("\"workerNumber\":(\\d+),\"state\":\"Launched\"");

    /** A response {@code t<position>} every {@code interval} ms, from any position. */
    record Ticks(long intervalMillis) implements ServiceJob {
        @Override
        public ServiceHandler handler(JobContext context, ServiceControl control) {
            return new ServiceHandler() {
                @Override
                public Flux<byte[]> handle(ServiceRequest request, ServiceContext session) {
                    return Flux.interval(Duration.ofMillis(intervalMillis)).map(i -> ("t" + (session.resumePosition() + i)).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public boolean resumable() {
                    return true;
                }
            };
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long interval = args.length > 1 ? Long.parseLong(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        new ServiceSessionsBench().run(sessions, interval, seconds);
        System.exit(0);
    }

    private void run(int sessions, long interval, int seconds) throws Exception {
        var config = MasterConfig.fromSettings(Settings.empty()).withPort(0)
                .withDataDir(Files.createTempDirectory("weir-bench-sessions")).withSecurity(SecurityConfig.OFF);
        var beats = Executors.newSingleThreadScheduledExecutor();
        var workers = new ArrayList<ServiceWorker>();
        try (var master = WeirMaster.start(config, (listener, clusters) -> new InstantLaunchScheduler(listener), Clock.systemUTC())) {
            while (!master.isReady()) {
                Thread.onSpinWait();
            }
            port = master.port();
            post("/api/v1/jobClusters", "{\"name\":\"ticks\",\"jobClass\":\"bench.Ticks\",\"stages\":{\"1\":{\"numWorkers\":2}}}");
            String job = post("/api/v1/jobClusters/ticks/jobs", "");
            Matcher id = JOB_ID.matcher(job);
            if (!id.find()) {
                throw new IllegalStateException("no job id in " + job);
            }
            String jobId = id.group(1);
            var numbers = new ArrayList<Integer>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (numbers.size() < 2 && System.nanoTime() < until) {
                numbers.clear();
                Matcher w = WORKER.matcher(get("/api/v1/jobs/" + jobId));
                while (w.find()) {
                    numbers.add(Integer.parseInt(w.group(1)));
                }
                Thread.sleep(20);
            }
            var transport = TransportConfig.from(Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_TCP_REQUEST_PORT", "0"), new Properties());
            for (int i = 0; i < numbers.size(); i++) {
                int n = numbers.get(i);
                var worker = ServiceRunner.start(new Ticks(interval), new WorkerContext(jobId, n, 1, i, 1, Map.of(), List.of(), "127.0.0.1",
                        "http://127.0.0.1:" + port, null, "127.0.0.1"), transport);
                workers.add(worker);
                event(jobId, n, "\"state\":\"StartInitiated\"");
                event(jobId, n, "\"state\":\"Started\",\"host\":\"127.0.0.1\",\"ports\":" + Json.lenient().writeValueAsString(worker.ports()));
            }
            beats.scheduleAtFixedRate(() -> workers.forEach(wk -> {
                try {
                    event(jobId, numbers.get(workers.indexOf(wk)), "\"load\":" + Json.lenient().writeValueAsString(wk.load()));
                } catch (Exception e) {
                    // the master is closing
                }
            }), 200, 200, TimeUnit.MILLISECONDS);

            try (var client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + port));
                 var services = ServiceClient.create(client, Map.of("WEIR_REQUEST_PLANE", "tcp"), new SimpleMeterRegistry())) {
                long heapBefore = usedHeapAfterGc();
                var received = new AtomicLong();
                var started = new AtomicLong();
                var open = new ArrayList<ServiceSession>(sessions);
                var subscriptions = new ArrayList<Disposable>(sessions);
                long t0 = System.nanoTime();
                for (int s = 0; s < sessions; s++) {
                    var session = services.session("ticks").open();
                    var first = new boolean[] {true};
                    subscriptions.add(session.responses().subscribe(r -> {
                        if (first[0]) {
                            first[0] = false;
                            started.incrementAndGet();
                        }
                        received.incrementAndGet();
                    }));
                    open.add(session);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (started.get() < sessions && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double openSeconds = (System.nanoTime() - t0) / 1e9;
                long heapAfter = usedHeapAfterGc();
                long before = received.get();
                long m0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                double rate = (received.get() - before) / ((System.nanoTime() - m0) / 1e9);
                System.out.printf("%,d sessions on 2 workers (one response per %d ms each): all streaming after %.1f s; "
                                + "heap %,d bytes per session (client and workers, after GC); %,.0f responses/s received "
                                + "(expected %,.0f); sessions per worker: %d / %d%n",
                        started.get(), interval, openSeconds, (heapAfter - heapBefore) / Math.max(1, sessions), rate,
                        sessions * 1000.0 / interval, workers.get(0).activeSessions(), workers.get(1).activeSessions());
                subscriptions.forEach(Disposable::dispose);
                open.forEach(ServiceSession::close);
            }
        } finally {
            beats.shutdownNow();
            workers.forEach(ServiceWorker::close);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void event(String jobId, int n, String fields) throws Exception {
        post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + "," + fields + "}]}");
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String body) throws Exception {
        var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + res.statusCode() + " " + res.body());
        }
        return res.body();
    }
}
