package io.weir.core.executor;

/** Names one worker. */
public record WorkerRef(String jobId, int workerNumber) {
}
