package io.weir.bench.master;

import io.weir.core.config.Settings;
import io.weir.master.MasterConfig;
import io.weir.master.WeirMaster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Control-plane load: {@code agents} simulated agents register and heartbeat every second against a real master;
 * reports the CPU the master's own threads use (the simulated agents run on separate, excluded threads).
 * Usage: {@code HeartbeatLoadBench [agents] [seconds]}.
 */
public final class HeartbeatLoadBench {

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // agents without authentication (WEIR_AUTH=off): the simulated agents carry no credentials
        var config = MasterConfig.fromSettings(Settings.empty()).withPort(0).withDataDir(Files.createTempDirectory("weir-bench-hb"))
                .withSecurity(io.weir.master.security.SecurityConfig.OFF);
        try (var master = WeirMaster.start(config, WeirMaster.resourceScheduler(), Clock.systemUTC())) {
            while (!master.isReady()) {
                Thread.onSpinWait();
            }
            var loops = LoopResources.create("bench-agents", 1, true);
            var client = HttpClient.create(ConnectionProvider.create("bench-agents", 64)).runOn(loops)
                    .baseUrl("http://127.0.0.1:" + master.port()).headers(h -> h.set("Content-Type", "application/json"));
            Flux.range(0, agents).flatMap(i -> client.post().uri("/api/v1/resourceClusters/default/actions/registerTaskExecutor")
                    .send(reactor.netty.ByteBufFlux.fromString(Mono.just("{\"id\":\"sim-" + i + "\",\"host\":\"sim-" + i
                            + "\",\"machine\":{\"cpuCores\":8,\"memoryMB\":32768},\"ports\":{\"from\":7000,\"to\":7099},"
                            + "\"agentUrl\":\"http://127.0.0.1:1\"}")))
                    .responseSingle((res, body) -> Mono.just(res.status().code())), 32).blockLast();
            var sent = new AtomicLong();
            var failed = new AtomicLong();
            var threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = masterCpuNanos(threads);
            long start = System.nanoTime();
            Flux.interval(Duration.ofMillis(1000 / Math.max(1, agents / 100)))
                    .onBackpressureDrop()
                    .take(Duration.ofSeconds(seconds))
                    .flatMap(tick -> Flux.range(0, 100).map(k -> (int) ((tick * 100 + k) % agents)), 1)
                    .flatMap(i -> client.post().uri("/api/v1/resourceClusters/default/actions/heartBeatFromTaskExecutor")
                            .send(reactor.netty.ByteBufFlux.fromString(Mono.just("{\"id\":\"sim-" + i + "\",\"workers\":[]}")))
                            .responseSingle((res, body) -> Mono.just(res.status().code()))
                            .doOnNext(code -> (code == 200 ? sent : failed).incrementAndGet()), 64)
                    .blockLast();
            double wall = (System.nanoTime() - start) / 1e9;
            double cores = (masterCpuNanos(threads) - cpuBefore) / 1e9 / wall;
            System.out.printf("heartbeats: %d agents, %.1f s, %d heartbeats ok (%.0f/s), %d failed; master threads used %.3f cores%n",
                    agents, wall, sent.get(), sent.get() / wall, failed.get(), cores);
            loops.disposeLater().block(Duration.ofSeconds(5));
        }
        System.exit(0);
    }

    /** CPU time of every live thread except the simulated agents' own. */
    private static long masterCpuNanos(java.lang.management.ThreadMXBean threads) {
        long total = 0;
        for (var info : threads.dumpAllThreads(false, false)) {
            if (!info.getThreadName().startsWith("bench-agents") && !info.getThreadName().equals("main")
                    && !info.getThreadName().startsWith("parallel")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }

}
