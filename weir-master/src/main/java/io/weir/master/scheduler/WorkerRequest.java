package io.weir.master.scheduler;

/** One worker waiting for a task executor. */
public record WorkerRequest(String jobId, int workerNumber, int stage, int workerIndex) {
}
