package io.weir.master.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.DurationType;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobDetails;
import io.weir.core.model.JobState;
import io.weir.core.model.StageDefinition;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.core.model.WorkerEventResult.Outcome;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.discovery.SchedulingInfoPublisher;
import io.weir.master.loop.ControlLoop;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.ReservationType;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.scheduler.WorkerScheduler;
import io.weir.master.store.MasterStore;
import io.weir.master.store.StoreBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lifecycle of every active job: submission, worker state changes and heartbeats, failure and replacement,
 * scaling and killing. Owned by the control loop. Each change is written to the store before memory, discovery or the
 * scheduler see it, so nothing is acknowledged that a restart would forget.
 */
public final class JobSupervisor {

    private static final Logger log = LoggerFactory.getLogger(JobSupervisor.class);

    private final ControlLoop loop;
    private final MasterStore store;
    private final ClusterCatalog clusters;
    private final DiscoveryHub discovery;
    private final WorkerScheduler scheduler;
    private final Clock clock;
    private final JobSupervisorConfig config;
    private final ResubmitLimiter limiter;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, SchedulingInfoPublisher> publishers = new HashMap<>();
    private final Counter resubmits;
    private final Counter heartbeatTimeouts;
    private final Counter illegalTransitions;

    public JobSupervisor(ControlLoop loop, MasterStore store, ClusterCatalog clusters, DiscoveryHub discovery,
                         WorkerScheduler scheduler, Clock clock, JobSupervisorConfig config, MeterRegistry metrics) {
        this.loop = loop;
        this.store = store;
        this.clusters = clusters;
        this.discovery = discovery;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.limiter = new ResubmitLimiter(config.resubmitStepsMillis(), config.resubmitResetMillis(), config.maxResubmitsPerHour());
        this.resubmits = Counter.builder("weir_workers_resubmitted").description("Workers replaced after a failure").register(metrics);
        this.heartbeatTimeouts = Counter.builder("weir_worker_heartbeat_timeouts").description("Workers failed for missed heartbeats").register(metrics);
        this.illegalTransitions = Counter.builder("weir_worker_illegal_transitions").description("Worker state reports rejected as illegal transitions").register(metrics);
        metrics.gauge("weir_jobs_active", jobs, Map::size);
    }

    // ---------------------------------------------------------------- submission

    /** Submits a new job of {@code clusterName}, with optional parameter and stage-size overrides. */
    public JobDetails submit(String clusterName, SubmitRequest overrides) {
        loop.assertInLoop();
        var cluster = clusters.get(clusterName);
        var def = (overrides == null ? SubmitRequest.NONE : overrides).applyTo(cluster.definition());
        long now = clock.millis();
        long number = cluster.lastJobNumber() + 1;
        String jobId = clusterName + "-" + number;
        var record = new JobRecord(jobId, clusterName, number, JobState.Accepted, def, now, null, null);
        var job = new Job(record, 1);
        var batch = new StoreBatch().updateCluster(cluster.withLastJobNumber(number, now)).insertJob(record);
        var created = new ArrayList<WorkerRecord>();
        def.stages().forEach((stage, s) -> {
            for (int i = 0; i < s.numWorkers(); i++) {
                var w = WorkerRecord.accepted(jobId, job.allocateWorkerNumber(), stage, i, null, 0, now);
                created.add(w);
                batch.insertWorker(w);
            }
        });
        var toKill = slaOverflow(clusterName, def);
        store.write(batch);
        clusters.put(cluster.withLastJobNumber(number, now));
        jobs.put(jobId, job);
        created.forEach(w -> job.put(w, now));
        publishers.put(jobId, discovery.openJob(jobId, job::schedulingInfo));
        discovery.newJob(clusterName, jobId);
        created.stream().map(WorkerRecord::stage).distinct()
                .forEach(stage -> reserve(job, stage, ReservationType.NEW_JOB, created.stream().filter(w -> w.stage() == stage).toList()));
        log.info("Submitted job {} ({} workers in {} stages)", jobId, created.size(), def.stages().size());
        for (var old : toKill) {
            kill(old, "replaced by " + jobId + " (sla.max=" + def.sla().max() + ")");
        }
        return job.details();
    }

    /** The oldest active jobs of the cluster beyond {@code sla.max} once one more is added. */
    private List<String> slaOverflow(String cluster, JobClusterDefinition def) {
        int max = def.sla().max();
        if (max <= 0) {
            return List.of();
        }
        var active = jobs.values().stream().filter(j -> j.record().cluster().equals(cluster))
                .sorted(Comparator.comparingLong(j -> j.record().jobNumber())).map(Job::id).toList();
        int excess = active.size() + 1 - max;
        return excess <= 0 ? List.of() : active.subList(0, excess);
    }

    private void reserve(Job job, int stage, ReservationType type, List<WorkerRecord> workers) {
        if (workers.isEmpty()) {
            return;
        }
        StageDefinition s = job.stage(stage);
        var def = job.record().definition();
        int tier = def.sla().durationType() == DurationType.Perpetual ? 0 : 1;
        scheduler.upsertReservation(new ReservationRequest(job.id(), stage, type, tier, clock.millis(), s.machine(),
                s.hardConstraints(), s.softConstraints(),
                workers.stream().map(w -> new WorkerRequest(job.id(), w.workerNumber(), w.stage(), w.workerIndex())).toList(),
                s.numWorkers(), launchSpec(def)));
    }

    private static io.weir.master.scheduler.LaunchSpec launchSpec(JobClusterDefinition def) {
        return new io.weir.master.scheduler.LaunchSpec(def.labels().get(io.weir.master.scheduler.LaunchSpec.RESOURCE_CLUSTER_LABEL),
                def.jobClass(), def.artifact(), def.parameters(), def.stages().size());
    }

    // ---------------------------------------------------------------- kill, scale, resubmit

    /** Kills an active job: every worker is stopped, the job ends with {@code reason}. */
    public void kill(String jobId, String reason) {
        loop.assertInLoop();
        var job = activeJob(jobId);
        long now = clock.millis();
        String why = reason == null || reason.isBlank() ? "killed by user" : reason;
        var ended = job.record().withState(JobState.Killed, why, now);
        var batch = new StoreBatch().updateJob(ended);
        var stopped = new ArrayList<WorkerRecord>();
        for (var w : job.liveWorkers()) {
            var done = w.withState(WorkerState.Completed, "job killed: " + why, now);
            stopped.add(done);
            batch.updateWorker(done);
        }
        store.write(batch);
        finish(job, ended, stopped);
        log.info("Killed job {}: {}", jobId, why);
    }

    private void finish(Job job, JobRecord ended, List<WorkerRecord> stopped) {
        long now = clock.millis();
        job.record(ended);
        for (var w : stopped) {
            var before = job.worker(w.workerNumber());
            job.put(w, now);
            if (before != null && before.taskExecutorId() != null) {
                scheduler.terminateWorker(job.id(), w.workerNumber(), before.taskExecutorId());
            }
        }
        ended.definition().stages().keySet().forEach(stage -> scheduler.cancelReservation(job.id(), stage));
        jobs.remove(job.id());
        publishers.remove(job.id());
        discovery.endJob(job.id());
        limiter.forget(job.id() + "/");
    }

    /** Sets a stage's worker count: up adds workers at new indexes, down stops the highest indexes. */
    public JobDetails scale(String jobId, int stage, int numWorkers, String reason) {
        loop.assertInLoop();
        var job = jobs.get(jobId);
        if (job == null) {
            if (store.loadJob(jobId).isPresent()) {
                throw new ConflictException("job " + jobId + " has ended and cannot be scaled: submit a new job");
            }
            throw new NotFoundException("job " + jobId + " does not exist");
        }
        var s = job.stage(stage);
        if (s == null) {
            throw new InvalidDefinitionException("StageNumber: " + stage + " (expected: 1.." + job.record().definition().stages().size() + ")");
        }
        if (!s.scalable()) {
            throw new InvalidDefinitionException("stage " + stage + " of " + jobId + " is not scalable: set \"scalable\": true with min/max in the job cluster's stage definition");
        }
        if (numWorkers < s.min() || numWorkers > s.max()) {
            throw new InvalidDefinitionException("NumWorkers: " + numWorkers + " (expected: between min " + s.min() + " and max " + s.max() + " of stage " + stage + ")");
        }
        int old = s.numWorkers();
        if (numWorkers == old) {
            return job.details();
        }
        long now = clock.millis();
        var stages = new TreeMap<>(job.record().definition().stages());
        stages.put(stage, s.withNumWorkers(numWorkers));
        var d = job.record().definition();
        var resized = job.record().withDefinition(new JobClusterDefinition(d.name(), d.jobClass(), d.artifact(), d.version(),
                d.parameters(), stages, d.sla(), d.labels()));
        var batch = new StoreBatch().updateJob(resized);
        var added = new ArrayList<WorkerRecord>();
        var removed = new ArrayList<WorkerRecord>();
        if (numWorkers > old) {
            for (int i = old; i < numWorkers; i++) {
                if (job.inSlot(stage, i) == null) {
                    var w = WorkerRecord.accepted(jobId, job.allocateWorkerNumber(), stage, i, null, 0, now);
                    added.add(w);
                    batch.insertWorker(w);
                }
            }
        } else {
            for (var w : job.liveWorkers()) {
                if (w.stage() == stage && w.workerIndex() >= numWorkers) {
                    var done = w.withState(WorkerState.Completed, "scaled down" + (reason == null ? "" : ": " + reason), now);
                    removed.add(done);
                    batch.updateWorker(done);
                }
            }
        }
        store.write(batch);
        job.record(resized);
        added.forEach(w -> job.put(w, now));
        boolean removedPending = false;
        for (var w : removed) {
            var before = job.worker(w.workerNumber());
            removedPending |= before.state() == WorkerState.Accepted;
            job.put(w, now);
            if (before.taskExecutorId() != null) {
                scheduler.terminateWorker(jobId, w.workerNumber(), before.taskExecutorId());
            }
        }
        if (!added.isEmpty()) {
            reserve(job, stage, ReservationType.SCALE, added);
        } else if (removedPending) {
            var stillWaiting = job.liveWorkers().stream().filter(w -> w.stage() == stage && w.state() == WorkerState.Accepted).toList();
            if (stillWaiting.isEmpty()) {
                scheduler.cancelReservation(jobId, stage);
            } else {
                reserve(job, stage, ReservationType.SCALE, stillWaiting);
            }
        }
        updateJobState(job);
        publishers.get(jobId).changed();
        log.info("Scaled {} stage {} from {} to {} workers", jobId, stage, old, numWorkers);
        return job.details();
    }

    /** Replaces a live worker at once, at the same index, on the user's request. */
    public JobDetails resubmitWorker(String jobId, int workerNumber, String reason) {
        loop.assertInLoop();
        var job = activeJob(jobId);
        var w = job.worker(workerNumber);
        if (w == null) {
            throw new NotFoundException("worker " + workerNumber + " of " + jobId + " is not running (GET /api/v1/jobs/" + jobId + " lists the live workers)");
        }
        failWorker(job, w, "resubmitted by user" + (reason == null || reason.isBlank() ? "" : ": " + reason), false);
        return job.details();
    }

    // ---------------------------------------------------------------- worker reports

    /** Applies a batch of heartbeats and state reports; each gets its own outcome. */
    public List<WorkerEventResult> onWorkerEvents(List<WorkerEvent> events) {
        loop.assertInLoop();
        long now = clock.millis();
        var results = new ArrayList<WorkerEventResult>(events.size());
        for (var e : events) {
            results.add(onWorkerEvent(e, now));
        }
        return results;
    }

    private WorkerEventResult onWorkerEvent(WorkerEvent e, long now) {
        if (e == null || e.jobId() == null || e.workerNumber() == null) {
            return new WorkerEventResult(e == null ? null : e.jobId(), e == null ? null : e.workerNumber(), Outcome.rejected,
                    "jobId and workerNumber are required");
        }
        var job = jobs.get(e.jobId());
        var w = job == null ? null : job.worker(e.workerNumber());
        if (w == null) {
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.unknown,
                    "no live worker " + e.workerNumber() + " in job " + e.jobId() + ": stop it");
        }
        job.heartbeat(w.workerNumber(), now);
        if (e.isHeartbeat() || e.state() == w.state()) {
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.ok, null);
        }
        if (!w.state().canMoveTo(e.state())) {
            illegalTransitions.increment();
            log.warn("Rejected illegal transition of {}: {} -> {}", w, w.state(), e.state());
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.rejected,
                    "illegal transition " + w.state() + " -> " + e.state());
        }
        if (e.state() == WorkerState.Failed) {
            failWorker(job, w, e.reason() == null ? "failed" : e.reason(), true);
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.ok, null);
        }
        if (e.state() == WorkerState.Completed) {
            completeWorker(job, w, e.reason());
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.ok, null);
        }
        var next = w;
        if (e.host() != null || e.ports() != null) {
            next = next.withPlacement(e.host() != null ? e.host() : w.host(), e.ports() != null ? e.ports() : w.ports(), w.taskExecutorId());
        }
        if (e.state() == WorkerState.Started && (next.host() == null || !next.ports().hasDataPort())) {
            return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.rejected,
                    "a Started report needs the worker's host and bound data port (fields host and ports.data)");
        }
        next = next.withState(e.state(), null, now);
        store.write(new StoreBatch().updateWorker(next));
        job.put(next, now);
        if (e.state() == WorkerState.Started) {
            publishers.get(job.id()).changed();
            updateJobState(job);
        }
        return new WorkerEventResult(e.jobId(), e.workerNumber(), Outcome.ok, null);
    }

    /** A worker was placed on a task executor. */
    public void onLaunched(String jobId, int workerNumber, String taskExecutorId, String host, WorkerPorts ports) {
        loop.assertInLoop();
        var job = jobs.get(jobId);
        var w = job == null ? null : job.worker(workerNumber);
        if (w == null || w.state() != WorkerState.Accepted) {
            log.info("Placement of {} #{} on {} is stale; stopping it", jobId, workerNumber, taskExecutorId);
            scheduler.terminateWorker(jobId, workerNumber, taskExecutorId);
            return;
        }
        long now = clock.millis();
        var next = w.withPlacement(host, ports, taskExecutorId).withState(WorkerState.Launched, null, now);
        store.write(new StoreBatch().updateWorker(next));
        job.put(next, now);
        job.heartbeat(workerNumber, now);
    }

    public void onLaunchFailed(String jobId, int workerNumber, String reason) {
        onWorkerLost(jobId, workerNumber, "launch failed: " + reason);
    }

    /** The worker's task executor is gone or could not start it: fail and replace the worker. */
    public void onWorkerLost(String jobId, int workerNumber, String reason) {
        loop.assertInLoop();
        var job = jobs.get(jobId);
        var w = job == null ? null : job.worker(workerNumber);
        if (w != null) {
            failWorker(job, w, reason, true);
        }
    }

    /** Fails every running worker silent for longer than the heartbeat timeout (launched ones: the launch timeout); runs on a tick. */
    public void checkHeartbeats() {
        loop.assertInLoop();
        long now = clock.millis();
        for (var job : List.copyOf(jobs.values())) {
            for (var w : List.copyOf(job.liveWorkers())) {
                if (w.state() == WorkerState.Accepted || !jobs.containsKey(job.id()) || job.worker(w.workerNumber()) == null) {
                    continue;
                }
                long silent = now - job.lastHeartbeat(w.workerNumber());
                boolean launched = w.state() == WorkerState.Launched;
                long timeout = launched ? config.launchTimeoutMillis() : config.heartbeatTimeoutMillis();
                if (silent > timeout) {
                    heartbeatTimeouts.increment();
                    failWorker(job, w, (launched ? "not started within " : "no heartbeat for ") + silent + " ms (timeout "
                            + timeout + " ms)", true);
                }
            }
        }
    }

    private void completeWorker(Job job, WorkerRecord w, String reason) {
        long now = clock.millis();
        if (job.record().definition().sla().durationType() == DurationType.Perpetual) {
            failWorker(job, w, "completed in a perpetual job" + (reason == null ? "" : ": " + reason), true);
            return;
        }
        var done = w.withState(WorkerState.Completed, reason, now);
        boolean last = job.liveWorkers().size() == 1;
        var batch = new StoreBatch().updateWorker(done);
        JobRecord ended = last ? job.record().withState(JobState.Completed, "all workers completed", now) : null;
        if (ended != null) {
            batch.updateJob(ended);
        }
        store.write(batch);
        if (ended != null) {
            finish(job, ended, List.of(done));
            log.info("Job {} completed", job.id());
        } else {
            job.put(done, now);
            publishers.get(job.id()).changed();
        }
    }

    /** Fails {@code w}, then replaces it after the limiter's delay (or at once), or fails the job when it failed too often. */
    private void failWorker(Job job, WorkerRecord w, String reason, boolean limited) {
        long now = clock.millis();
        var failed = w.withState(WorkerState.Failed, reason, now);
        String slot = job.id() + "/" + w.stage() + "/" + w.workerIndex();
        var decision = limited ? limiter.onFailure(slot, now) : new ResubmitLimiter.Decision(true, 0, 0);
        if (!decision.allowed()) {
            String why = "worker at stage " + w.stage() + " index " + w.workerIndex() + " failed " + decision.countInLastHour()
                    + " times in the last hour (limit " + config.maxResubmitsPerHour() + "); last failure: " + reason;
            var ended = job.record().withState(JobState.Failed, why, now);
            var batch = new StoreBatch().updateJob(ended).updateWorker(failed);
            var stopped = new ArrayList<WorkerRecord>();
            stopped.add(failed);
            for (var other : job.liveWorkers()) {
                if (other.workerNumber() != w.workerNumber()) {
                    var done = other.withState(WorkerState.Completed, "job failed", now);
                    stopped.add(done);
                    batch.updateWorker(done);
                }
            }
            store.write(batch);
            finish(job, ended, stopped);
            log.warn("Job {} failed: {}", job.id(), why);
            return;
        }
        store.write(new StoreBatch().updateWorker(failed));
        job.put(failed, now);
        if (w.taskExecutorId() != null) {
            scheduler.terminateWorker(job.id(), w.workerNumber(), w.taskExecutorId());
        }
        if (w.state() == WorkerState.Accepted) {
            var stillWaiting = job.liveWorkers().stream().filter(x -> x.stage() == w.stage() && x.state() == WorkerState.Accepted).toList();
            if (stillWaiting.isEmpty()) {
                scheduler.cancelReservation(job.id(), w.stage());
            }
        }
        updateJobState(job);
        publishers.get(job.id()).changed();
        log.info("Worker {} failed ({}); replacing it in {} ms", w, reason, decision.delayMillis());
        if (decision.delayMillis() == 0) {
            replace(job.id(), w);
        } else {
            loop.schedule(() -> replace(job.id(), w), decision.delayMillis());
        }
    }

    /** Creates the replacement of {@code failed} if its job is still active and its slot still empty and wanted. */
    private void replace(String jobId, WorkerRecord failed) {
        var job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        var s = job.stage(failed.stage());
        if (failed.workerIndex() >= s.numWorkers() || job.inSlot(failed.stage(), failed.workerIndex()) != null) {
            return;
        }
        long now = clock.millis();
        var w = WorkerRecord.accepted(jobId, job.allocateWorkerNumber(), failed.stage(), failed.workerIndex(),
                failed.workerNumber(), failed.resubmitCount() + 1, now);
        store.write(new StoreBatch().insertWorker(w));
        job.put(w, now);
        resubmits.increment();
        reserve(job, w.stage(), ReservationType.REPLACE, List.of(w));
    }

    private void updateJobState(Job job) {
        var r = job.record();
        JobState next = job.allStarted() ? JobState.Launched : r.state();
        if (next != r.state()) {
            var updated = r.withState(next, null, clock.millis());
            store.write(new StoreBatch().updateJob(updated));
            job.record(updated);
        }
    }

    // ---------------------------------------------------------------- recovery and views

    /**
     * Rebuilds active jobs from the store: live workers get a fresh heartbeat grace, empty slots get replacements,
     * unplaced workers get their reservations again. Called once before the scheduler is marked ready.
     */
    void recover(List<JobRecord> active, List<WorkerRecord> workers) {
        loop.assertInLoop();
        long now = clock.millis();
        var byJob = new HashMap<String, List<WorkerRecord>>();
        workers.forEach(w -> byJob.computeIfAbsent(w.jobId(), k -> new ArrayList<>()).add(w));
        for (var record : active) {
            var ws = byJob.getOrDefault(record.jobId(), List.of());
            int next = ws.stream().mapToInt(WorkerRecord::workerNumber).max().orElse(0) + 1;
            var job = new Job(record, next);
            ws.stream().filter(WorkerRecord::isLive).forEach(w -> {
                job.put(w, now);
                if (w.taskExecutorId() != null) {
                    var s = record.definition().stages().get(w.stage());
                    scheduler.recoverPlacement(new WorkerRequest(w.jobId(), w.workerNumber(), w.stage(), w.workerIndex()),
                            w.taskExecutorId(), s == null ? io.weir.core.model.MachineDefinition.DEFAULT : s.machine(), w.ports().data());
                }
            });
            jobs.put(record.jobId(), job);
            publishers.put(record.jobId(), discovery.openJob(record.jobId(), job::schedulingInfo));
            var lastByIndex = new HashMap<String, WorkerRecord>();
            ws.forEach(w -> lastByIndex.merge(w.stage() + "/" + w.workerIndex(), w,
                    (a, b) -> a.workerNumber() > b.workerNumber() ? a : b));
            record.definition().stages().forEach((stage, s) -> {
                var waiting = new ArrayList<WorkerRecord>();
                for (int i = 0; i < s.numWorkers(); i++) {
                    var w = job.inSlot(stage, i);
                    if (w == null) {
                        var last = lastByIndex.get(stage + "/" + i);
                        var created = last == null
                                ? WorkerRecord.accepted(record.jobId(), job.allocateWorkerNumber(), stage, i, null, 0, now)
                                : WorkerRecord.accepted(record.jobId(), job.allocateWorkerNumber(), stage, i,
                                        last.workerNumber(), last.resubmitCount() + 1, now);
                        store.write(new StoreBatch().insertWorker(created));
                        job.put(created, now);
                        waiting.add(created);
                    } else if (w.state() == WorkerState.Accepted) {
                        waiting.add(w);
                    }
                }
                reserve(job, stage, record.state() == JobState.Accepted && waiting.stream().allMatch(w -> w.resubmitOf() == null)
                        ? ReservationType.NEW_JOB : ReservationType.REPLACE, waiting);
            });
        }
    }

    private Job activeJob(String jobId) {
        var job = jobs.get(jobId);
        if (job == null) {
            if (store.loadJob(jobId).isPresent()) {
                throw new ConflictException("job " + jobId + " has already ended");
            }
            throw new NotFoundException("job " + jobId + " does not exist");
        }
        return job;
    }

    public Optional<JobDetails> activeDetails(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::details);
    }

    public List<JobDetails> activeJobs(String cluster) {
        return jobs.values().stream().filter(j -> cluster == null || j.record().cluster().equals(cluster))
                .sorted(Comparator.comparingLong((Job j) -> j.record().submittedAt()).reversed()).map(Job::details).toList();
    }

    public boolean hasActiveJobs(String cluster) {
        return jobs.values().stream().anyMatch(j -> j.record().cluster().equals(cluster));
    }


    public long heartbeatCheckIntervalMillis() {
        return config.checkIntervalMillis();
    }
}
