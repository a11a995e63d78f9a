package io.weir.bench.master;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.executor.PortRange;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.model.MachineDefinition;
import io.weir.core.model.WorkerPorts;
import io.weir.master.resource.AgentGateway;
import io.weir.master.resource.ResourceClusterConfig;
import io.weir.master.resource.ResourceClusters;
import io.weir.master.scheduler.LaunchSpec;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.ReservationType;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.store.ExecutorStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Placement throughput of the reservation scheduler with in-process agents (the same {@link AgentGateway} and
 * registration interfaces, no network): {@code jobs} jobs of {@code workers} workers onto {@code executors} executors.
 * Usage: {@code PlacementBench [runs] [jobs] [workers] [executors] [direct]}.
 */
public final class PlacementBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int executors = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        boolean direct = args.length > 4 && args[4].equals("direct");
        for (int run = 1; run <= runs; run++) {
            run(run, jobs, workers, executors, direct);
        }
        System.exit(0);
    }

    private static void run(int run, int jobs, int workers, int executors, boolean direct) throws Exception {
        var upsertAt = new ConcurrentHashMap<String, Long>();
        var remaining = new ConcurrentHashMap<String, AtomicInteger>();
        var latency = new ConcurrentHistogram(3);
        var launched = new CountDownLatch(jobs * workers);
        var listener = new SchedulingListener() {
            @Override
            public java.util.concurrent.CompletableFuture<Boolean> workerLaunched(String jobId, int workerNumber, String taskExecutorId,
                                                                                  String host, WorkerPorts ports) {
                if (remaining.get(jobId).decrementAndGet() == 0) {
                    latency.recordValue((System.nanoTime() - upsertAt.get(jobId)) / 1_000);
                }
                launched.countDown();
                return java.util.concurrent.CompletableFuture.completedFuture(true);
            }

            @Override
            public void workerLaunchFailed(String jobId, int workerNumber, String reason) {
                throw new IllegalStateException(reason);
            }

            @Override
            public void workerLost(String jobId, int workerNumber, String reason) {
            }
        };
        AgentGateway agents = new AgentGateway() {
            @Override
            public CompletableFuture<Void> assign(String agentUrl, WorkerAssignment assignment) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void stop(String agentUrl, String jobId, int workerNumber) {
            }
        };
        ExecutorStore store = new ExecutorStore() {
            @Override
            public void saveExecutor(String resourceCluster, TaskExecutorRegistration registration) {
            }

            @Override
            public void deleteExecutor(String executorId) {
            }

            @Override
            public Map<String, List<TaskExecutorRegistration>> loadExecutors() {
                return Map.of();
            }
        };
        var d = ResourceClusterConfig.DEFAULTS;
        var config = new ResourceClusterConfig(60_000, d.tickMillis(), d.leaseMillis(), direct, d.reservations());
        try (var clusters = new ResourceClusters(config, agents, listener, store, Clock.systemUTC(), new SimpleMeterRegistry())) {
            clusters.markReady();
            var cluster = clusters.cluster(LaunchSpec.DEFAULT_RESOURCE_CLUSTER);
            var registrations = new ArrayList<CompletableFuture<Void>>();
            for (int e = 0; e < executors; e++) {
                registrations.add(cluster.register(new TaskExecutorRegistration("exec-" + e, "host-" + e,
                        new MachineDefinition(8.0, 32_768, 100_000, 10_000, 1), new PortRange(7000, 7099), Map.of(),
                        "http://host-" + e + ":7001", null)));
            }
            CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).join();
            var launch = new LaunchSpec(null, "bench.Job", null, Map.of(), 1);
            long start = System.nanoTime();
            for (int j = 0; j < jobs; j++) {
                String jobId = "job-" + j;
                var requested = new ArrayList<WorkerRequest>(workers);
                for (int w = 0; w < workers; w++) {
                    requested.add(new WorkerRequest(jobId, w + 1, 1, w));
                }
                remaining.put(jobId, new AtomicInteger(workers));
                upsertAt.put(jobId, System.nanoTime());
                clusters.upsertReservation(new ReservationRequest(jobId, 1, ReservationType.NEW_JOB, 0, System.currentTimeMillis(),
                        new MachineDefinition(1.0, 1024, null, null, 1), List.of(), List.of(), requested, workers, launch));
            }
            if (!launched.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(launched.getCount() + " workers not launched");
            }
            double totalMillis = (System.nanoTime() - start) / 1e6;
            var burst = latency.copy();
            latency.reset();
            for (int j = 0; j < 200; j++) {
                String jobId = "single-" + j;
                remaining.put(jobId, new AtomicInteger(1));
                var one = new CountDownLatch(1);
                upsertAt.put(jobId, System.nanoTime());
                clusters.upsertReservation(new ReservationRequest(jobId, 1, ReservationType.SCALE, 0, System.currentTimeMillis(),
                        new MachineDefinition(1.0, 1024, null, null, 1), List.of(), List.of(),
                        List.of(new WorkerRequest(jobId, 1, 1, 0)), 1, launch));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (remaining.get(jobId).get() > 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            System.out.printf("placement run %d (%s): %d jobs x %d workers on %d executors: all launched in %.0f ms (%.0f reservations/s, %.0f workers/s); "
                            + "burst upsert->launched p50 %.1f ms p99 %.1f ms; single reservation with free capacity p50 %.3f ms p99 %.3f ms%n",
                    run, direct ? "direct" : "reservation", jobs, workers, executors, totalMillis, jobs / (totalMillis / 1000),
                    jobs * workers / (totalMillis / 1000), burst.getValueAtPercentile(50) / 1000.0, burst.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
        }
    }
}
