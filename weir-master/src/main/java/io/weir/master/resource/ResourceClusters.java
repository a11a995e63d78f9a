package io.weir.master.resource;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.json.Json;
import io.weir.core.model.MachineDefinition;
import io.weir.master.scheduler.LaunchSpec;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.scheduler.WorkerScheduler;
import io.weir.master.store.ExecutorStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every resource cluster of a master, created on first use (at most {@link ResourceClusterConfig#maxClusters()}: each has
 * its own loop thread), and the scheduler that places workers on them: a job's
 * reservations go to the cluster named by its {@code resourceCluster} label ({@code default} otherwise).
 */
public final class ResourceClusters implements WorkerScheduler {

    private final ResourceClusterConfig config;
    private final AgentGateway agents;
    private final SchedulingListener listener;
    private final ExecutorStore store;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, ResourceCluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, String> executorClusters = new ConcurrentHashMap<>();
    private volatile boolean ready;

    public ResourceClusters(ResourceClusterConfig config, SchedulingListener listener, ExecutorStore store, Clock clock,
                            MeterRegistry meters) {
        this(config, new AgentClient(Json.lenient()), listener, store, clock, meters);
    }

    /** As above, reaching agents through {@code agents}. */
    public ResourceClusters(ResourceClusterConfig config, AgentGateway agents, SchedulingListener listener, ExecutorStore store,
                            Clock clock, MeterRegistry meters) {
        this.config = config;
        this.agents = agents;
        this.listener = listener;
        this.store = store;
        this.clock = clock;
        this.meters = meters;
    }

    /** Loads stored agent registrations so their next heartbeat is accepted; called once at start. */
    public void recover() {
        store.loadExecutors().forEach((cluster, registrations) -> registrations.forEach(r -> {
            create(cluster, false).restore(r);
            executorClusters.put(r.id(), cluster);
        }));
    }

    /**
     * The named cluster, created on first use; fails with a {@link io.weir.master.job.ConflictException} when that would
     * make more than {@code maxClusters}.
     */
    public ResourceCluster cluster(String id) {
        var c = clusters.get(id);
        return c != null ? c : create(id, true);
    }

    private synchronized ResourceCluster create(String id, boolean limited) {
        var existing = clusters.get(id);
        if (existing != null) {
            return existing;
        }
        if (limited && clusters.size() >= config.maxClusters()) {
            throw new io.weir.master.job.ConflictException("resource cluster '" + id + "' cannot be created: this master already has "
                    + clusters.size() + " resource clusters, the limit (WEIR_MAX_RESOURCE_CLUSTERS); reuse an existing one or raise the limit");
        }
        var c = new ResourceCluster(id, config, agents, listener, store, clock, meters);
        if (ready) {
            c.markReady();
        }
        clusters.put(id, c);
        return c;
    }

    public Optional<ResourceCluster> existing(String id) {
        return Optional.ofNullable(clusters.get(id));
    }

    /** The URL of the agent a worker is placed on now, whichever cluster it runs in; empty when it is placed nowhere. */
    public CompletableFuture<Optional<String>> agentUrlOf(io.weir.core.executor.WorkerRef ref) {
        CompletableFuture<Optional<String>> found = CompletableFuture.completedFuture(Optional.empty());
        for (var c : clusters.values()) {
            found = found.thenCompose(f -> f.isPresent() ? CompletableFuture.completedFuture(f) : c.agentUrlOf(ref));
        }
        return found;
    }

    public List<String> ids() {
        return new ArrayList<>(clusters.keySet());
    }

    /** Remembers which cluster an executor belongs to, for terminations that only name the executor. */
    public void registered(String cluster, String executorId) {
        executorClusters.put(executorId, cluster);
    }

    @Override
    public void upsertReservation(ReservationRequest request) {
        ResourceCluster c;
        try {
            c = cluster(request.launch().resourceCluster());
        } catch (io.weir.master.job.ConflictException e) {
            listener.workersWaiting(request.jobId(), request.stage(), e.getMessage());
            return;
        }
        c.upsert(request);
    }

    @Override
    public void cancelReservation(String jobId, int stage) {
        clusters.values().forEach(c -> c.cancel(jobId, stage));
    }

    @Override
    public void jobEnded(String jobId) {
        clusters.values().forEach(c -> c.forgetJob(jobId));
    }

    @Override
    public void markReady() {
        ready = true;
        clusters.values().forEach(ResourceCluster::markReady);
        cluster(LaunchSpec.DEFAULT_RESOURCE_CLUSTER);
    }

    @Override
    public void terminateWorker(String jobId, int workerNumber, String taskExecutorId) {
        String cluster = executorClusters.get(taskExecutorId);
        if (cluster != null) {
            cluster(cluster).terminate(jobId, workerNumber, taskExecutorId);
        }
    }

    @Override
    public void recoverPlacement(WorkerRequest worker, String taskExecutorId, MachineDefinition machine, List<Integer> ports) {
        String cluster = executorClusters.get(taskExecutorId);
        if (cluster != null) {
            cluster(cluster).recoverPlacement(worker, taskExecutorId, machine, ports);
        }
    }

    @Override
    public void close() {
        clusters.values().forEach(ResourceCluster::close);
    }
}
