package io.weir.core.executor;

import io.weir.core.model.WorkerState;

/** One worker an agent runs, as reported in every heartbeat. */
public record WorkerReport(String jobId, int workerNumber, WorkerState state) {
}
