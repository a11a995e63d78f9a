package io.weir.master.job;

import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;

/**
 * One worker as the master keeps and stores it; immutable, replaced on every change.
 * {@code workerIndex} is the worker's slot in its stage, {@code workerNumber} is unique in the job and new on every replacement.
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
        Long endedAt) {

    public WorkerRecord {
        ports = ports == null ? WorkerPorts.NONE : ports;
    }

    /** A new worker waiting to be scheduled. */
    public static WorkerRecord accepted(String jobId, int workerNumber, int stage, int workerIndex,
                                        Integer resubmitOf, int resubmitCount, long now) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, WorkerState.Accepted, null, null, null,
                resubmitOf, resubmitCount, null, now, null, null);
    }

    public WorkerRecord withState(WorkerState next, String why, long now) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, next, host, ports, taskExecutorId, resubmitOf,
                resubmitCount, why == null ? reason : why, acceptedAt,
                next == WorkerState.Started ? Long.valueOf(now) : startedAt,
                next.isTerminal() ? Long.valueOf(now) : endedAt);
    }

    public WorkerRecord withPlacement(String newHost, WorkerPorts newPorts, String newTaskExecutorId) {
        return new WorkerRecord(jobId, workerNumber, stage, workerIndex, state, newHost, newPorts, newTaskExecutorId,
                resubmitOf, resubmitCount, reason, acceptedAt, startedAt, endedAt);
    }

    public boolean isLive() {
        return !state.isTerminal();
    }

    @Override
    public String toString() {
        return jobId + "/stage" + stage + "/index" + workerIndex + "/#" + workerNumber + "(" + state + ")";
    }
}
