package io.weir.master.job;

import io.weir.core.model.DurationType;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.security.JobTokens;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.discovery.SchedulingInfoPublisher;
import io.weir.master.scheduler.LaunchSpec;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.ReservationType;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.scheduler.WorkerScheduler;
import io.weir.master.store.MasterStore;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active jobs in memory with their discovery publishers, and the one place a {@link JobChange} is applied: store,
 * memory, scheduler, discovery (and the service registry, {@link JobServices}), in that order. Owned by the control loop.
 */
final class ActiveJobs {

    private final MasterStore store;
    private final DiscoveryHub discovery;
    private final WorkerScheduler scheduler;
    private final JobTokens tokens;
    private final Clock clock;
    private final JobServices services;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, SchedulingInfoPublisher> publishers = new HashMap<>();
    /** Each cluster's active job ids, the newest first: replaced whole on the loop, read on any thread. */
    private final Map<String, List<String>> byCluster = new ConcurrentHashMap<>();

    ActiveJobs(MasterStore store, DiscoveryHub discovery, WorkerScheduler scheduler, JobTokens tokens, Clock clock,
               JobServices services) {
        this.services = services;
        this.tokens = tokens;
        this.store = store;
        this.discovery = discovery;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    Job get(String jobId) {
        return jobs.get(jobId);
    }

    Collection<Job> all() {
        return jobs.values();
    }

    Map<String, Job> byId() {
        return jobs;
    }

    WorkerScheduler scheduler() {
        return scheduler;
    }

    MasterStore store() {
        return store;
    }

    /** Makes {@code job} active and discoverable; memory only, call it from a change's memory step. */
    void open(Job job) {
        jobs.put(job.id(), job);
        publishers.put(job.id(), discovery.openJob(job.id(), job::schedulingInfo));
        index(job.record().cluster());
        services.sync(job);
    }

    /** Removes an ended job and ends its discovery stream; memory only. */
    void close(Job job) {
        jobs.remove(job.id());
        publishers.remove(job.id());
        index(job.record().cluster());
        discovery.endJob(job.id());
        services.remove(job);
    }

    /** The active jobs of {@code cluster} (null: every cluster), the newest first. Control loop only. */
    List<Job> newestFirst(String cluster) {
        return jobs.values().stream().filter(j -> cluster == null || j.record().cluster().equals(cluster))
                .sorted(Comparator.comparingLong((Job j) -> j.record().submittedAt()).reversed()).toList();
    }

    /** The ids of {@code cluster}'s active jobs, the newest first; any thread. */
    List<String> idsNewestFirst(String cluster) {
        return byCluster.getOrDefault(cluster, List.of());
    }

    private void index(String cluster) {
        List<String> ids = newestFirst(cluster).stream().map(Job::id).toList();
        if (ids.isEmpty()) {
            byCluster.remove(cluster);
        } else {
            byCluster.put(cluster, ids);
        }
    }

    /** Applies {@code change}: one store transaction, then memory, then scheduler, then discovery. */
    void commit(JobChange change) {
        store.write(change.batch());
        change.memory().forEach(Runnable::run);
        change.scheduling().forEach(Runnable::run);
        for (var job : change.touched()) {
            var p = publishers.get(job.id());
            if (p != null) {
                p.changed();
                services.sync(job);
            }
        }
    }

    /** Tells discovery of an in-memory change of {@code job} that touches no stored row (a worker's availability). */
    void announce(Job job) {
        var p = publishers.get(job.id());
        if (p != null) {
            p.changed();
        }
    }

    /** Asks the scheduler to place {@code workers} of one stage. */
    void reserve(Job job, int stage, ReservationType type, List<WorkerRecord> workers) {
        if (workers.isEmpty()) {
            return;
        }
        var s = job.stage(stage);
        var def = job.record().definition();
        int tier = def.sla().durationType() == DurationType.Perpetual ? 0 : 1;
        scheduler.upsertReservation(new ReservationRequest(job.id(), stage, type, tier, clock.millis(), s.machine(),
                s.hardConstraints(), s.softConstraints(),
                workers.stream().map(w -> new WorkerRequest(job.id(), w.workerNumber(), w.stage(), w.workerIndex())).toList(),
                s.numWorkers(), launchSpec(job.id(), def)));
    }

    /** Stops a placed worker on its agent. */
    void terminate(WorkerRecord w) {
        if (w.taskExecutorId() != null) {
            scheduler.terminateWorker(w.jobId(), w.workerNumber(), w.taskExecutorId());
        }
    }

    private LaunchSpec launchSpec(String jobId, JobClusterDefinition def) {
        return new LaunchSpec(def.labels().get(LaunchSpec.RESOURCE_CLUSTER_LABEL), def.jobClass(), def.artifact(), def.parameters(),
                def.stages().size(), def.artifactSha256(), tokens == null ? null : tokens.tokenFor(jobId));
    }
}
