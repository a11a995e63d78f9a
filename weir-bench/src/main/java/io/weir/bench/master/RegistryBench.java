package io.weir.bench.master;

import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import io.weir.master.security.SecurityConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The service registry under load on a real master over loopback: {@code instances} registered instances (services of
 * 10 instances, each producing its own event type) heartbeat at the interval their lease asks while {@code watchers}
 * watch the producers of one event type. Every 500 ms a probe instance of that type registers; the time from its
 * registration to each watcher's event naming it is the fan-out latency. Reports the CPU the master's threads use (the
 * simulated instances and watchers run on separate, excluded threads). Usage:
 * {@code RegistryBench [instances=1000] [watchers=1000] [seconds=20]}.
 */
public final class RegistryBench {

    private static final Pattern LEASE = Pattern.compile("\"instanceId\":\"([^\"]+)\",\"leaseToken\":\"([^\"]+)\"");
    private static final Pattern INTERVAL = Pattern.compile("\"heartbeatIntervalMs\":(\\d+)");
    private static final long LEASE_MS = 5_000;

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int watchers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        var config = MasterConfig.fromSettings(Settings.empty()).withPort(0).withDataDir(Files.createTempDirectory("weir-bench-registry"))
                .withSecurity(SecurityConfig.OFF);
        try (var master = WeirMaster.start(config, WeirMaster.resourceScheduler(), Clock.systemUTC())) {
            while (!master.isReady()) {
                Thread.onSpinWait();
            }
            var loops = LoopResources.create("bench-clients", 1, true);
            var client = HttpClient.create(ConnectionProvider.create("bench-clients", 128)).runOn(loops)
                    .baseUrl("http://127.0.0.1:" + master.port()).headers(h -> h.set("Content-Type", "application/json"));

            List<String[]> leases = Flux.range(0, instances)
                    .flatMap(i -> post(client, "/api/v1/serviceInstances", registration("svc-" + (i / 10), "ev." + (i / 10), null)), 32)
                    .map(RegistryBench::lease).collectList().block(Duration.ofMinutes(2));
            long interval = intervalOf(post(client, "/api/v1/serviceInstances", registration("svc-0", "ev.0", "warmup")).block());

            var watching = new CountDownLatch(watchers);
            var seenAt = new ConcurrentHashMap<String, Long>();
            var fanOut = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
            var frames = new AtomicLong();
            var streams = new ArrayList<Disposable>();
            var watcherLoops = LoopResources.create("bench-watchers", 1, true);
            var watcherClient = HttpClient.create(ConnectionProvider.newConnection()).runOn(watcherLoops)
                    .baseUrl("http://127.0.0.1:" + master.port());
            for (int w = 0; w < watchers; w++) {
                var pending = new StringBuilder();
                var seen = ConcurrentHashMap.<String>newKeySet();
                var first = new boolean[] {true};
                streams.add(watcherClient.get().uri("/api/v1/serviceInstancesStream?produces=ev.0").responseContent().asString()
                        .subscribe(chunk -> {
                            long now = System.nanoTime();
                            pending.append(chunk);
                            int end;
                            while ((end = pending.indexOf("\n\n")) >= 0) {
                                String frame = pending.substring(0, end);
                                pending.delete(0, end + 2);
                                frames.incrementAndGet();
                                if (first[0]) {
                                    first[0] = false;
                                    watching.countDown();
                                }
                                for (int at = frame.indexOf("\"probe-"); at >= 0; at = frame.indexOf("\"probe-", at + 1)) {
                                    String id = frame.substring(at + 1, frame.indexOf('"', at + 1));
                                    Long sent = seenAt.get(id);
                                    if (sent != null && seen.add(id)) {
                                        fanOut.recordValue(Math.max(0, (now - sent) / 1_000));
                                    }
                                }
                            }
                        }));
            }
            if (!watching.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (watchers - watching.getCount()) + " watchers got their first event");
            }

            var threads = ManagementFactory.getThreadMXBean();
            var heartbeats = new AtomicLong();
            var failed = new AtomicLong();
            var failures = new ConcurrentHashMap<Integer, Long>();
            long framesBefore = frames.get();
            long cpuBefore = masterCpuNanos(threads);
            long start = System.nanoTime();
            int perTick = (int) Math.max(1, instances * 100 / interval);
            Disposable beating = Flux.interval(Duration.ofMillis(100))
                    .onBackpressureDrop()
                    .flatMap(tick -> Flux.range(0, perTick).map(k -> leases.get((int) ((tick * perTick + k) % instances))), 1)
                    .flatMap(l -> client.headers(h -> h.set("X-Weir-Lease", l[1])).put()
                            .uri("/api/v1/serviceInstances/" + l[0] + "/heartbeat")
                            .send(ByteBufFlux.fromString(Mono.just("{\"health\":{\"status\":\"HEALTHY\"},\"figures\":{\"recordsPerSecond\":"
                                    + (System.nanoTime() % 1000) + "}}")))
                            .responseSingle((res, body) -> Mono.just(res.status().code()))
                            .doOnNext(code -> {
                                if (code == 200) {
                                    heartbeats.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                    failures.merge(code, 1L, Long::sum);
                                }
                            }), 64)
                    .subscribe();
            int probes = 0;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                Thread.sleep(500);
                String id = "probe-" + probes++;
                seenAt.put(id, System.nanoTime());
                post(client, "/api/v1/serviceInstances", registration("svc-0", "ev.0", id)).block(Duration.ofSeconds(10));
            }
            beating.dispose();
            double wall = (System.nanoTime() - start) / 1e9;
            double cores = (masterCpuNanos(threads) - cpuBefore) / 1e9 / wall;
            Thread.sleep(2_000);
            System.out.printf("registry: %d instances heartbeating every %d ms, %d watchers of one event type, %.1f s%n",
                    instances, interval, watchers, wall);
            System.out.printf("  heartbeats: %d ok (%.0f/s), %d failed %s; master threads used %.3f cores%n",
                    heartbeats.get(), heartbeats.get() / wall, failed.get(), failures, cores);
            System.out.printf("  fan-out: %d probes x %d watchers = %d events seen of %d expected; registration -> watcher event "
                            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d frames in all (heartbeats of the instances publish none)%n",
                    probes, watchers, fanOut.getTotalCount(), (long) probes * watchers, fanOut.getValueAtPercentile(50) / 1e3,
                    fanOut.getValueAtPercentile(99) / 1e3, fanOut.getMaxValue() / 1e3, frames.get() - framesBefore);
            streams.forEach(Disposable::dispose);
            loops.disposeLater().block(Duration.ofSeconds(5));
            watcherLoops.disposeLater().block(Duration.ofSeconds(5));
        }
        System.exit(0);
    }

    private static String registration(String name, String eventType, String id) {
        return "{" + (id == null ? "" : "\"instanceId\":\"" + id + "\",") + "\"name\":\"" + name + "\",\"type\":\"SOURCE\","
                + "\"outputTypes\":[\"" + eventType + "\"],\"endpoints\":[{\"transportId\":\"tcp\",\"plane\":\"stream\","
                + "\"address\":\"10.0.0.1:7300\"}],\"leaseTtlMs\":" + LEASE_MS + "}";
    }

    private static Mono<String> post(HttpClient client, String path, String body) {
        return client.post().uri(path).send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    if (res.status().code() >= 300) {
                        throw new IllegalStateException(path + " -> " + res.status().code() + " " + text);
                    }
                    return text;
                }));
    }

    private static String[] lease(String answer) {
        Matcher m = LEASE.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no lease in " + answer);
        }
        return new String[] {m.group(1), m.group(2)};
    }

    private static long intervalOf(String answer) {
        Matcher m = INTERVAL.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no heartbeat interval in " + answer);
        }
        return Long.parseLong(m.group(1));
    }

    /** CPU time of every live thread except the simulated clients' own and this one. */
    private static long masterCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (var info : threads.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            if (!name.startsWith("bench-") && !name.equals("main") && !name.startsWith("parallel")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }
}
