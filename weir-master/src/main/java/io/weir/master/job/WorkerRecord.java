package io.weir.master.job;

import io.weir.core.model.FailureKind;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;

/**
 * One worker as the master keeps and stores it; immutable, replaced on every change.
 * {@code workerIndex} is the worker's slot in its stage, {@code workerNumber} is unique in the job and new on every replacement.
 * {@code failure} is set on a worker that failed by itself (null when it was stopped on purpose).
 */
public record WorkerRecord(
        String jobId,
        int workerNumber,
        int stage,
        int workerIndex,
        WorkerState state,
        String host,
        WorkerPorts ports,
        String taskExecutorId,
        Integer resubmitOf,
        int resubmitCount,
        String reason,
        long acceptedAt,
        Long startedAt,
        Long endedAt,
        FailureKind failure) {

    public WorkerRecord {
        ports = ports == null ? WorkerPorts.NONE : ports;
    }

    /** A new worker waiting to be scheduled. */
    public static WorkerRecord accepted(String jobId, int workerNumber, int stage, int workerIndex,
                                        Integer resubmitOf, int resubmitCount, long now) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, WorkerState.Accepted, null, null, null,
                resubmitOf, resubmitCount, null, now, null, null, null);
    }

    /** The replacement of this worker in the same slot. */
    public WorkerRecord replacement(int newWorkerNumber, long now) {
        return accepted(jobId, newWorkerNumber, stage, workerIndex, workerNumber, resubmitCount + 1, now);
    }

    public WorkerRecord withState(WorkerState next, String why, long now) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, next, host, ports, taskExecutorId, resubmitOf,
                resubmitCount, why == null ? reason : why, acceptedAt,
                next == WorkerState.Started ? Long.valueOf(now) : startedAt,
                next.isTerminal() ? Long.valueOf(now) : endedAt, failure);
    }

    /** This worker failed by itself, for {@code why}, of the given kind. */
    public WorkerRecord failed(String why, FailureKind kind, long now) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, WorkerState.Failed, host, ports, taskExecutorId, resubmitOf,
                resubmitCount, why, acceptedAt, startedAt, now, kind);
    }

    public WorkerRecord withPlacement(String newHost, WorkerPorts newPorts, String newTaskExecutorId) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, state, newHost, newPorts, newTaskExecutorId,
                resubmitOf, resubmitCount, reason, acceptedAt, startedAt, endedAt, failure);
    }

    public boolean isLive() {
        return !state.isTerminal();
    }

    /** The slot's key within its job: {@code stage/index}. */
    public String slot() {
        return stage + "/" + workerIndex;
    }

    @Override
    public String toString() {
        return jobId + "/stage" + stage + "/index" + workerIndex + "/#" + workerNumber + "(" + state + ")";
    }
}
