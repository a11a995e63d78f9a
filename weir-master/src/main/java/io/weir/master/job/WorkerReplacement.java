package io.weir.master.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.FailureKind;
import io.weir.core.model.JobState;
import io.weir.core.model.WorkerState;
import io.weir.master.loop.ControlLoop;
import io.weir.master.scheduler.ReservationType;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails workers and fills their slots again. A transient failure is replaced after the resubmit limiter's delay (in the
 * same transaction as the failure when there is none); a permanent one fails the job at once; a port the agent could
 * not bind is replaced at once without counting against the job. Owned by the control loop.
 */
final class WorkerReplacement {

    private static final Logger log = LoggerFactory.getLogger(WorkerReplacement.class);

    private final ActiveJobs jobs;
    private final JobLifecycle lifecycle;
    private final SlotLimits limits;
    private final ControlLoop loop;
    private final JobSupervisorConfig config;
    private final Clock clock;
    private final Counter resubmits;
    private final Counter permanentFailures;

    WorkerReplacement(ActiveJobs jobs, JobLifecycle lifecycle, SlotLimits limits, ControlLoop loop,
                      JobSupervisorConfig config, Clock clock, MeterRegistry metrics) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.limits = limits;
        this.loop = loop;
        this.config = config;
        this.clock = clock;
        this.resubmits = Counter.builder("weir_workers_resubmitted").description("Workers replaced after a failure").register(metrics);
        this.permanentFailures = Counter.builder("weir_jobs_failed_permanent")
                .description("Jobs failed at once by a permanent start failure").register(metrics);
    }

    /**
     * Fails {@code w} for {@code reason}; {@code kind} null means stopped on purpose (a user's resubmit: replaced at
     * once, not counted).
     */
    void fail(Job job, WorkerRecord w, String reason, FailureKind kind) {
        var change = new JobChange(clock.millis());
        String slot = job.id() + "/" + w.slot();
        var failed = kind == null ? w.withState(WorkerState.Failed, reason, change.now()) : w.failed(reason, kind, change.now());
        if (kind == FailureKind.PERMANENT && config.failJobOnPermanentFailure()) {
            permanentFailures.increment();
            String why = "worker at stage " + w.stage() + " index " + w.workerIndex() + " cannot start: " + reason
                    + " (a permanent error: fix the job cluster and submit again)";
            failJob(change, job, failed, why);
            return;
        }
        var decision = limits.onFailure(slot, kind, change.now());
        if (!decision.allowed()) {
            String what = switch (kind) {
                case PORT_IN_USE -> " found its port in use ";
                case AGENT_LOST -> " lost its agent ";
                default -> " failed ";
            };
            failJob(change, job, failed, "worker at stage " + w.stage() + " index " + w.workerIndex() + what
                    + decision.countInLastHour() + " times in the last hour (limit " + limits.maxPerHour(kind, config)
                    + "); last failure: " + reason);
            return;
        }
        long delay = decision.delayMillis();
        change.updateWorker(job, failed);
        change.thenSchedule(() -> jobs.terminate(w));
        if (w.state() == WorkerState.Accepted) {
            change.thenSchedule(() -> cancelIfNoneWaiting(job, w.stage()));
        }
        log.info("Worker {} failed ({}); replacing it in {} ms", w, reason, delay);
        if (delay == 0) {
            addReplacement(change, job, failed);
            jobs.commit(change);
        } else {
            jobs.commit(change);
            replaceAfter(job, failed, delay);
        }
    }

    private void failJob(JobChange change, Job job, WorkerRecord failed, String why) {
        change.updateWorker(job, failed);
        change.thenSchedule(() -> jobs.terminate(failed));
        lifecycle.end(change, job, JobState.Failed, why, "job failed", failed.workerNumber());
        jobs.commit(change);
        log.warn("Job {} failed: {}", job.id(), why);
    }

    private void cancelIfNoneWaiting(Job job, int stage) {
        boolean waiting = job.liveWorkers().stream().anyMatch(x -> x.stage() == stage && x.state() == WorkerState.Accepted);
        if (!waiting) {
            jobs.scheduler().cancelReservation(job.id(), stage);
        }
    }

    /** Creates the replacement of {@code failed} once its delay is over, if its job and slot still want one. */
    private void replaceLater(String jobId, WorkerRecord failed) {
        var job = jobs.get(jobId);
        if (job == null) {
            return;
        }
        job.replacementDue(failed.slot(), false);
        fillSlot(job, failed);
    }

    /** Fills the slot of {@code last} (the newest worker it had) now, if the stage still has that index and it is empty. */
    void fillSlot(Job job, WorkerRecord last) {
        var change = new JobChange(clock.millis());
        if (addReplacement(change, job, last)) {
            jobs.commit(change);
        }
    }

    private boolean addReplacement(JobChange change, Job job, WorkerRecord last) {
        var s = job.stage(last.stage());
        var current = job.inSlot(last.stage(), last.workerIndex());
        if (last.workerIndex() >= s.numWorkers() || (current != null && current.workerNumber() != last.workerNumber())) {
            return false;
        }
        var w = last.replacement(job.allocateWorkerNumber(), change.now());
        change.insertWorker(job, w);
        change.inMemory(resubmits::increment);
        change.thenSchedule(() -> jobs.reserve(job, w.stage(), ReservationType.REPLACE, List.of(w)));
        return true;
    }

    /** Schedules the replacement of the failed {@code last} of a slot after {@code delay}. */
    void replaceAfter(Job job, WorkerRecord last, long delay) {
        job.replacementDue(last.slot(), true);
        loop.schedule(() -> replaceLater(job.id(), last), delay);
    }
}
