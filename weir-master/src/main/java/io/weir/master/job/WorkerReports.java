package io.weir.master.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.FailureKind;
import io.weir.core.model.JobState;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerEventResult;
import io.weir.core.model.WorkerEventResult.Outcome;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what agents and the scheduler report about workers: heartbeats, state changes, placements, lost workers.
 * A report is checked against what the master knows (the worker's agent, the state machine) before it changes
 * anything. Owned by the control loop.
 */
final class WorkerReports {

    private static final Logger log = LoggerFactory.getLogger(WorkerReports.class);

    private final ActiveJobs jobs;
    private final JobLifecycle lifecycle;
    private final WorkerReplacement replacement;
    private final Clock clock;
    private final Counter illegalTransitions;
    private final Counter foreignReports;

    WorkerReports(ActiveJobs jobs, JobLifecycle lifecycle, WorkerReplacement replacement, Clock clock, MeterRegistry metrics) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.replacement = replacement;
        this.clock = clock;
        this.illegalTransitions = Counter.builder("weir_worker_illegal_transitions")
                .description("Worker state reports rejected as illegal transitions").register(metrics);
        this.foreignReports = Counter.builder("weir_worker_reports_foreign")
                .description("Worker reports rejected because they came from an agent the worker was not placed on").register(metrics);
    }

    /** Applies a batch of events from {@code fromExecutor} (null: a caller not tied to an agent); each gets its own outcome. */
    List<WorkerEventResult> onEvents(List<WorkerEvent> events, String fromExecutor) {
        long now = clock.millis();
        var results = new ArrayList<WorkerEventResult>(events.size());
        for (var e : events) {
            results.add(onEvent(e, fromExecutor, now));
        }
        return results;
    }

    private WorkerEventResult onEvent(WorkerEvent e, String fromExecutor, long now) {
        if (e == null || e.jobId() == null || e.workerNumber() == null) {
            return new WorkerEventResult(e == null ? null : e.jobId(), e == null ? null : e.workerNumber(), Outcome.rejected,
                    "jobId and workerNumber are required");
        }
        var job = jobs.get(e.jobId());
        var w = job == null ? null : job.worker(e.workerNumber());
        if (w == null) {
            return result(e, Outcome.unknown, "no live worker " + e.workerNumber() + " in job " + e.jobId() + ": stop it");
        }
        if (fromExecutor != null && !fromExecutor.equals(w.taskExecutorId())) {
            foreignReports.increment();
            log.warn("Rejected a report of {} from task executor {}: it was placed on {}", w, fromExecutor, w.taskExecutorId());
            return result(e, Outcome.unknown, "worker " + e.workerNumber() + " of " + e.jobId() + " is not placed on " + fromExecutor + ": stop it");
        }
        job.heartbeat(w.workerNumber(), now);
        if (e.load() != null && job.availability(w.workerNumber(), e.load())) {
            jobs.announce(job);
        }
        if (e.isHeartbeat() || e.state() == w.state()) {
            return result(e, Outcome.ok, null);
        }
        if (!w.state().canMoveTo(e.state())) {
            illegalTransitions.increment();
            log.warn("Rejected illegal transition of {}: {} -> {}", w, w.state(), e.state());
            return result(e, Outcome.rejected, "illegal transition " + w.state() + " -> " + e.state());
        }
        if (e.state() == WorkerState.Failed) {
            replacement.fail(job, w, e.reason() == null ? "failed" : e.reason(), e.failureKind());
            return result(e, Outcome.ok, null);
        }
        if (e.state() == WorkerState.Completed) {
            if (!lifecycle.complete(job, w, e.reason())) {
                replacement.fail(job, w, "completed in a perpetual job" + (e.reason() == null ? "" : ": " + e.reason()), FailureKind.TRANSIENT);
            }
            return result(e, Outcome.ok, null);
        }
        var next = w;
        if (e.host() != null || e.ports() != null) {
            next = next.withPlacement(e.host() != null ? e.host() : w.host(), e.ports() != null ? e.ports() : w.ports(), w.taskExecutorId());
        }
        if (e.state() == WorkerState.Started && (next.host() == null || !next.ports().hasDataPort())) {
            return result(e, Outcome.rejected, "a Started report needs the worker's host and bound data port (fields host and ports.data)");
        }
        next = next.withState(e.state(), null, now);
        var change = new JobChange(now).updateWorker(job, next);
        if (e.state() == WorkerState.Started && job.record().state() == JobState.Accepted && job.allStartedWith(next)) {
            change.updateJob(job, job.record().withState(JobState.Launched, null, now));
        }
        jobs.commit(change);
        return result(e, Outcome.ok, null);
    }

    private static WorkerEventResult result(WorkerEvent e, Outcome outcome, String message) {
        return new WorkerEventResult(e.jobId(), e.workerNumber(), outcome, message);
    }

    /** The scheduler placed a worker; false when the placement is stale (the worker is gone or placed already). */
    boolean onLaunched(String jobId, int workerNumber, String taskExecutorId, String host, WorkerPorts ports) {
        var job = jobs.get(jobId);
        var w = job == null ? null : job.worker(workerNumber);
        if (w == null || w.state() != WorkerState.Accepted) {
            log.info("Placement of {} #{} on {} is stale; not launching it", jobId, workerNumber, taskExecutorId);
            return false;
        }
        long now = clock.millis();
        var next = w.withPlacement(host, ports, taskExecutorId).withState(WorkerState.Launched, null, now);
        jobs.commit(new JobChange(now).updateWorker(job, next).inMemory(() -> job.waiting(w.stage(), null)));
        return true;
    }

    /** The worker's task executor is gone ({@code agentsFault}) or could not start it: fail and replace the worker. */
    void onLost(String jobId, int workerNumber, String reason, boolean agentsFault) {
        var job = jobs.get(jobId);
        var w = job == null ? null : job.worker(workerNumber);
        if (w != null) {
            replacement.fail(job, w, reason, agentsFault ? FailureKind.AGENT_LOST : FailureKind.TRANSIENT);
        }
    }

    /** The scheduler cannot place workers of a stage now, for {@code reason} (null: it can again). */
    void onWaiting(String jobId, int stage, String reason) {
        var job = jobs.get(jobId);
        if (job != null) {
            job.waiting(stage, reason);
        }
    }
}
