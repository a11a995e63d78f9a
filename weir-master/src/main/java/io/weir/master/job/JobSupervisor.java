package io.weir.master.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.JobDetails;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.core.model.WorkerPorts;
import io.weir.core.security.JobTokens;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.loop.ControlLoop;
import io.weir.master.scheduler.WorkerScheduler;
import io.weir.master.store.MasterStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master's jobs: what the API and the scheduler call, each on the control loop. The work is split by concern —
 * {@link JobLifecycle} (submit, kill, end), {@link StageScaling}, {@link WorkerReports} (what agents say),
 * {@link WorkerReplacement} (failure and refill), {@link Liveness} (deadlines) and {@link JobRecovery} — and every change
 * goes through {@link ActiveJobs#commit}: store, then memory, then scheduler, then discovery.
 */
public final class JobSupervisor {

    private final ControlLoop loop;
    private final ActiveJobs jobs;
    private final JobLifecycle lifecycle;
    private final StageScaling scaling;
    private final WorkerReports reports;
    private final WorkerReplacement replacement;
    private final Liveness liveness;
    private final JobRecovery recovery;
    private final JobSupervisorConfig config;
    private final JobTokens tokens;
    private final DiscoveryHub discovery;

    /** {@code services}: the registry the sink workers of clusters that declare event types are published in. */
    public JobSupervisor(ControlLoop loop, MasterStore store, ClusterCatalog clusters, DiscoveryHub discovery,
                         WorkerScheduler scheduler, JobTokens tokens, Clock clock, JobSupervisorConfig config, MeterRegistry metrics,
                         io.weir.master.registry.ServiceRegistry services) {
        this.loop = loop;
        this.config = config;
        this.tokens = tokens;
        this.discovery = discovery;
        this.jobs = new ActiveJobs(store, discovery, scheduler, tokens, clock, new JobServices(services));
        var limits = new SlotLimits(config);
        this.lifecycle = new JobLifecycle(jobs, clusters, discovery, limits, config, clock);
        this.replacement = new WorkerReplacement(jobs, lifecycle, limits, loop, config, clock, metrics);
        this.scaling = new StageScaling(jobs, lifecycle, clock);
        this.reports = new WorkerReports(jobs, lifecycle, replacement, clock, metrics);
        this.liveness = new Liveness(jobs, replacement, config, clock, metrics);
        this.recovery = new JobRecovery(jobs, replacement, limits, clock);
        io.micrometer.core.instrument.Gauge.builder("weir_jobs_active", jobs.byId(), Map::size)
                .description("Jobs neither completed, failed nor killed").register(metrics);
    }

    /** The job tokens workers are given, or null when the cluster runs without a secret. */
    public JobTokens tokens() {
        return tokens;
    }

    /** Submits a new job of {@code clusterName}, with optional parameter and stage-size overrides. */
    public JobDetails submit(String clusterName, SubmitRequest overrides) {
        loop.assertInLoop();
        return lifecycle.submit(clusterName, overrides);
    }

    /** Kills an active job: every worker is stopped, the job ends with {@code reason}. */
    public void kill(String jobId, String reason) {
        loop.assertInLoop();
        lifecycle.kill(jobId, reason);
    }

    /** Sets a stage's worker count: up adds workers at new indexes, down stops the highest indexes. */
    public JobDetails scale(String jobId, int stage, int numWorkers, String reason) {
        loop.assertInLoop();
        return scaling.scale(activeJob(jobs, jobId, "has ended and cannot be scaled: submit a new job"), stage, numWorkers, reason);
    }

    /** Replaces a live worker at once, at the same index, on the user's request. */
    public JobDetails resubmitWorker(String jobId, int workerNumber, String reason) {
        loop.assertInLoop();
        var job = activeJob(jobs, jobId, "has already ended");
        var w = job.worker(workerNumber);
        if (w == null) {
            throw new NotFoundException("worker " + workerNumber + " of " + jobId + " is not running (GET /api/v1/jobs/" + jobId + " lists the live workers)");
        }
        replacement.fail(job, w, "resubmitted by user" + (reason == null || reason.isBlank() ? "" : ": " + reason), null);
        return job.details();
    }

    /** Applies heartbeats and state reports from agent {@code fromExecutor} (null: not tied to an agent); each gets an outcome. */
    public List<WorkerEventResult> onWorkerEvents(List<WorkerEvent> events, String fromExecutor) {
        loop.assertInLoop();
        return reports.onEvents(events, fromExecutor);
    }

    /** A worker was placed on a task executor; false when the placement is stale and must not be launched. */
    public boolean onLaunched(String jobId, int workerNumber, String taskExecutorId, String host, WorkerPorts ports) {
        loop.assertInLoop();
        return reports.onLaunched(jobId, workerNumber, taskExecutorId, host, ports);
    }

    /** The worker's task executor could not be told to start it: fail and replace the worker (counted against the job). */
    public void onLaunchFailed(String jobId, int workerNumber, String reason) {
        loop.assertInLoop();
        reports.onLost(jobId, workerNumber, "launch failed: " + reason, false);
    }

    /** The worker's task executor was lost or left: fail and replace the worker, not holding it against the job. */
    public void onWorkerLost(String jobId, int workerNumber, String reason) {
        loop.assertInLoop();
        reports.onLost(jobId, workerNumber, reason, true);
    }

    /** The scheduler cannot place workers of a stage for {@code reason} (null once it can). */
    public void onWorkersWaiting(String jobId, int stage, String reason) {
        loop.assertInLoop();
        reports.onWaiting(jobId, stage, reason);
    }

    /** Judges liveness and fills empty slots; runs on a tick. */
    public void checkHeartbeats() {
        loop.assertInLoop();
        liveness.check();
    }

    /** Rebuilds active jobs from the store; called once, before the scheduler is marked ready. */
    void recover(List<JobRecord> active, List<WorkerRecord> workers) {
        loop.assertInLoop();
        recovery.recover(active, workers);
    }

    /** The active job {@code jobId}; 409 saying it {@code whenEnded} if it ended, 404 if it never existed. */
    static Job activeJob(ActiveJobs jobs, String jobId, String whenEnded) {
        var job = jobs.get(jobId);
        if (job == null) {
            if (jobs.store().loadJob(jobId).isPresent()) {
                throw new ConflictException("job " + jobId + " " + whenEnded);
            }
            throw new NotFoundException("job " + jobId + " does not exist");
        }
        return job;
    }

    public Optional<JobDetails> activeDetails(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::details);
    }

    public List<JobDetails> activeJobs(String cluster) {
        return jobs.newestFirst(cluster).stream().map(Job::details).toList();
    }

    /**
     * What discovery last published of each active job of {@code cluster}, the newest first; any thread, so the director
     * answers without waiting for the control loop (at most one coalescing window behind it).
     */
    public List<JobSchedulingInfo> publishedSchedulingInfo(String cluster) {
        return jobs.idsNewestFirst(cluster).stream().map(discovery::published).flatMap(Optional::stream).toList();
    }

    public boolean hasActiveJobs(String cluster) {
        return jobs.all().stream().anyMatch(j -> j.record().cluster().equals(cluster));
    }

    public long heartbeatCheckIntervalMillis() {
        return config.checkIntervalMillis();
    }
}
