package io.weir.master.job;

import io.weir.core.model.DurationType;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobDetails;
import io.weir.core.model.JobState;
import io.weir.core.model.StageDefinition;
import io.weir.core.model.WorkerState;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.scheduler.ReservationType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and ends jobs: submission (with admission limits), kill, completion, failure. Owned by the control loop. */
final class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);

    private final ActiveJobs jobs;
    private final ClusterCatalog clusters;
    private final DiscoveryHub discovery;
    private final SlotLimits limits;
    private final JobSupervisorConfig config;
    private final Clock clock;

    JobLifecycle(ActiveJobs jobs, ClusterCatalog clusters, DiscoveryHub discovery, SlotLimits limits,
                 JobSupervisorConfig config, Clock clock) {
        this.jobs = jobs;
        this.clusters = clusters;
        this.discovery = discovery;
        this.limits = limits;
        this.config = config;
        this.clock = clock;
    }

    JobDetails submit(String clusterName, SubmitRequest overrides) {
        var cluster = clusters.get(clusterName);
        var def = (overrides == null ? SubmitRequest.NONE : overrides).applyTo(cluster.definition());
        int total = def.stages().values().stream().mapToInt(StageDefinition::numWorkers).sum();
        admit(total, total, "the job");
        SubmissionCheck.check(def);
        var change = new JobChange(clock.millis());
        long number = cluster.lastJobNumber() + 1;
        String jobId = clusterName + "-" + number;
        var record = new JobRecord(jobId, clusterName, number, JobState.Accepted, def, change.now(), null, null);
        var job = new Job(record, 1);
        var counted = cluster.withLastJobNumber(number, change.now());
        change.batch().updateCluster(counted).insertJob(record);
        change.inMemory(() -> {
            clusters.put(counted);
            jobs.open(job);
        });
        var created = new ArrayList<WorkerRecord>();
        def.stages().forEach((stage, s) -> {
            for (int i = 0; i < s.numWorkers(); i++) {
                var w = WorkerRecord.accepted(jobId, job.allocateWorkerNumber(), stage, i, null, 0, change.now());
                created.add(w);
                change.insertWorker(job, w);
            }
        });
        var toKill = slaOverflow(clusterName, def);
        change.thenSchedule(() -> {
            discovery.newJob(clusterName, jobId);
            def.stages().keySet().forEach(stage -> jobs.reserve(job, stage, ReservationType.NEW_JOB,
                    created.stream().filter(w -> w.stage() == stage).toList()));
        });
        jobs.commit(change);
        log.info("Submitted job {} ({} workers in {} stages)", jobId, created.size(), def.stages().size());
        for (var old : toKill) {
            kill(old, "replaced by " + jobId + " (sla.max=" + def.sla().max() + ")");
        }
        return job.details();
    }

    /** Refuses a request that would create more workers at once, or give a job more workers, than configured. */
    void admit(int created, int jobTotal, String what) {
        if (jobTotal > config.maxWorkersPerJob()) {
            throw new InvalidDefinitionException("numWorkers: " + jobTotal + " workers in " + what + " (expected: at most "
                    + config.maxWorkersPerJob() + " per job, WEIR_MAX_WORKERS_PER_JOB)");
        }
        if (created > config.maxWorkersPerRequest()) {
            throw new InvalidDefinitionException("numWorkers: " + created + " new workers in one request (expected: at most "
                    + config.maxWorkersPerRequest() + ", WEIR_MAX_WORKERS_PER_REQUEST; grow the job in steps with scaleStage)");
        }
    }

    /** The oldest active jobs of the cluster beyond {@code sla.max} once one more is added. */
    private List<String> slaOverflow(String cluster, JobClusterDefinition def) {
        int max = def.sla().max();
        if (max <= 0) {
            return List.of();
        }
        var active = jobs.all().stream().filter(j -> j.record().cluster().equals(cluster))
                .sorted(Comparator.comparingLong(j -> j.record().jobNumber())).map(Job::id).toList();
        int excess = active.size() + 1 - max;
        return excess <= 0 ? List.of() : active.subList(0, excess);
    }

    void kill(String jobId, String reason) {
        var job = JobSupervisor.activeJob(jobs, jobId, "has already ended");
        String why = reason == null || reason.isBlank() ? "killed by user" : reason;
        var change = new JobChange(clock.millis());
        end(change, job, JobState.Killed, why, "job killed: " + why, null);
        jobs.commit(change);
        log.info("Killed job {}: {}", jobId, why);
    }

    /**
     * Adds the end of {@code job} to {@code change}: the job record, every live worker stopped (Completed with
     * {@code workerReason}; {@code endedByCaller} names one the change already ends), reservations cancelled, the job
     * out of memory.
     */
    void end(JobChange change, Job job, JobState state, String why, String workerReason, Integer endedByCaller) {
        var ended = job.record().withState(state, why, change.now());
        change.updateJob(job, ended);
        for (var w : List.copyOf(job.liveWorkers())) {
            if (endedByCaller == null || w.workerNumber() != endedByCaller) {
                change.updateWorker(job, w.withState(WorkerState.Completed, workerReason, change.now()));
                change.thenSchedule(() -> jobs.terminate(w));
            }
        }
        change.inMemory(() -> {
            jobs.close(job);
            limits.forget(job.id());
        });
        change.thenSchedule(() -> {
            ended.definition().stages().keySet().forEach(stage -> jobs.scheduler().cancelReservation(job.id(), stage));
            jobs.scheduler().jobEnded(job.id());
        });
    }

    /** A worker completed by itself: the job completes with its last worker; in a perpetual job that is a failure. */
    boolean complete(Job job, WorkerRecord w, String reason) {
        if (job.record().definition().sla().durationType() == DurationType.Perpetual) {
            return false;
        }
        var change = new JobChange(clock.millis());
        change.updateWorker(job, w.withState(WorkerState.Completed, reason, change.now()));
        if (job.liveWorkers().size() == 1) {
            end(change, job, JobState.Completed, "all workers completed", "completed", w.workerNumber());
            jobs.commit(change);
            log.info("Job {} completed", job.id());
        } else {
            jobs.commit(change);
        }
        return true;
    }
}
