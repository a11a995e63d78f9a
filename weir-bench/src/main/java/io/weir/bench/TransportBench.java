package io.weir.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs the transport benchmarks and prints records/s and p50/p99 per run and the median of the runs.
 * Options: {@code recordBytes=100 seconds=3 roundTrips=50000 runs=3 only=throughput,pingpong,rpc,many io=epoll|nio}.
 */
public final class TransportBench {

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromArgs(args);
        System.out.printf(Locale.ROOT, "records of %d bytes, %d s per throughput run, %d round trips, %d runs, %d cpus, %s%n",
                config.recordBytes(), config.seconds(), config.roundTrips(), config.runs(),
                Runtime.getRuntime().availableProcessors(), config.nio() || !io.netty.channel.epoll.Epoll.isAvailable()
                        ? "nio" : "epoll");
        if (config.runs("throughput")) {
            throughput("plain socket, one direction", config, () -> PlainSocketThroughput.run(config));
            throughput("tcp stream, one direction", config, () -> StreamThroughput.run(config));
        }
        if (config.runs("pingpong")) {
            latency("plain socket ping-pong", config, () -> PlainSocketPingPong.run(config));
            latency("tcp stream request, pooled connection", config, () -> StreamPingPong.run(config, false));
            latency("tcp stream request, pooled, event-loop caller", config, () -> StreamPingPong.runOnLoop(config));
            latency("tcp stream request, pooled, 16 in flight", config, () -> StreamPingPong.runOnLoop(config, 16));
            latency("tcp stream request, new connection each", config, () -> StreamPingPong.run(config, true));
        }
        if (config.runs("rpc")) {
            for (RpcLatency.Plane plane : RpcLatency.Plane.values()) {
                latency("rpc plane " + plane.name().toLowerCase(Locale.ROOT), config, () -> RpcLatency.run(config, plane));
            }
        }
        if (config.runs("many")) {
            System.out.println(ManyStreams.describe(ManyStreams.run(config, 10_000), 10_000));
        }
    }

    interface Run<T> {
        T run() throws Exception;
    }

    private static void throughput(String name, BenchConfig config, Run<Double> run) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < config.runs(); i++) {
            rates.add(run.run());
        }
        List<Double> sorted = rates.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-42s median %,12.0f records/s  runs %s%n", name,
                sorted.get(sorted.size() / 2), rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList());
    }

    private static void latency(String name, BenchConfig config, Run<Histogram> run) throws Exception {
        List<long[]> results = new ArrayList<>();
        for (int i = 0; i < config.runs(); i++) {
            Histogram h = run.run();
            results.add(new long[] {h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue()});
        }
        long p50 = median(results, 0);
        long p99 = median(results, 1);
        System.out.printf(Locale.ROOT, "%-42s median p50 %5d us  p99 %5d us  runs (p50/p99/max) %s%n", name, p50, p99,
                results.stream().map(r -> r[0] + "/" + r[1] + "/" + r[2]).toList());
    }

    private static long median(List<long[]> results, int index) {
        return results.stream().mapToLong(r -> r[index]).sorted().toArray()[results.size() / 2];
    }
}
