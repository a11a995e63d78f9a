package io.weir.master.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.model.FailureKind;
import io.weir.core.model.WorkerState;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges, on a tick, whether workers are alive and every slot is filled: a Started or starting worker silent for the
 * heartbeat timeout fails, a Launched or StartInitiated one that has not started within the launch timeout fails, and
 * a slot with no live worker and no replacement due gets one. When the tick itself ran late (the loop was stalled, e.g.
 * by a slow store) every deadline moves by the delay: time the master could not listen is nobody's silence.
 * Owned by the control loop.
 */
final class Liveness {

    private static final Logger log = LoggerFactory.getLogger(Liveness.class);

    private final ActiveJobs jobs;
    private final WorkerReplacement replacement;
    private final JobSupervisorConfig config;
    private final Clock clock;
    private final Counter heartbeatTimeouts;
    private final Counter startTimeouts;
    private final Counter stalls;
    private final Counter emptySlotsFilled;
    private final io.weir.master.loop.StallDetector stall;

    Liveness(ActiveJobs jobs, WorkerReplacement replacement, JobSupervisorConfig config, Clock clock, MeterRegistry metrics) {
        this.jobs = jobs;
        this.replacement = replacement;
        this.config = config;
        this.clock = clock;
        this.stall = new io.weir.master.loop.StallDetector(config.checkIntervalMillis(), config.heartbeatTimeoutMillis() / 2);
        this.heartbeatTimeouts = Counter.builder("weir_worker_heartbeat_timeouts").description("Workers failed for missed heartbeats").register(metrics);
        this.startTimeouts = Counter.builder("weir_worker_start_timeouts").description("Workers failed for not starting within the launch timeout").register(metrics);
        this.stalls = Counter.builder("weir_control_loop_stalls").description("Liveness checks that ran late; deadlines were extended by the delay").register(metrics);
        this.emptySlotsFilled = Counter.builder("weir_worker_slots_refilled").description("Empty worker slots found by the audit and filled").register(metrics);
    }

    void check() {
        long now = clock.millis();
        long late = stall.tick(now);
        if (late > 0) {
            stalls.increment();
            log.warn("The control loop was stalled for {} ms; heartbeat and start deadlines move by as much", late);
            jobs.all().forEach(j -> j.extendDeadlines(late));
        }
        for (var job : List.copyOf(jobs.all())) {
            for (var w : List.copyOf(job.liveWorkers())) {
                if (jobs.get(job.id()) != job || job.worker(w.workerNumber()) != w) {
                    continue;
                }
                var overdue = overdue(job, w, now);
                if (overdue != null) {
                    replacement.fail(job, w, overdue.reason(), overdue.kind());
                }
            }
            if (jobs.get(job.id()) == job) {
                fillEmptySlots(job);
            }
        }
    }

    /**
     * Why a worker is overdue. Heartbeats come from the worker's agent, so silence is the agent's fault (not held
     * against the job); not starting in time is the job's.
     */
    private record Overdue(String reason, FailureKind kind) {
    }

    private Overdue overdue(Job job, WorkerRecord w, long now) {
        long inState = now - job.stateSince(w.workerNumber());
        long silent = now - job.lastHeartbeat(w.workerNumber());
        return switch (w.state()) {
            case Accepted, Completed, Failed -> null;
            case Launched, StartInitiated -> {
                if (inState > config.launchTimeoutMillis()) {
                    startTimeouts.increment();
                    yield new Overdue("not started within " + inState + " ms of " + w.state() + " (timeout " + config.launchTimeoutMillis()
                            + " ms)", FailureKind.TRANSIENT);
                }
                if (w.state() == WorkerState.StartInitiated && silent > config.heartbeatTimeoutMillis()) {
                    heartbeatTimeouts.increment();
                    yield new Overdue("no heartbeat for " + silent + " ms while starting (timeout " + config.heartbeatTimeoutMillis() + " ms)",
                            FailureKind.AGENT_LOST);
                }
                yield null;
            }
            case Started -> {
                if (silent > config.heartbeatTimeoutMillis()) {
                    heartbeatTimeouts.increment();
                    yield new Overdue("no heartbeat for " + silent + " ms (timeout " + config.heartbeatTimeoutMillis() + " ms)",
                            FailureKind.AGENT_LOST);
                }
                yield null;
            }
        };
    }

    /** Every slot below the stage's size has a live worker or a replacement due; a slot with neither gets one now. */
    private void fillEmptySlots(Job job) {
        job.record().definition().stages().forEach((stage, s) -> {
            for (int i = 0; i < s.numWorkers(); i++) {
                var last = job.lastInSlot(stage, i);
                if (job.inSlot(stage, i) == null && last != null && !job.isReplacementDue(last.slot())) {
                    log.warn("Slot {} of {} had no worker and no replacement due; filling it", last.slot(), job.id());
                    emptySlotsFilled.increment();
                    replacement.fillSlot(job, last);
                }
            }
        });
    }
}
