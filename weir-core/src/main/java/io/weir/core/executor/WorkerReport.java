package io.weir.core.executor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerState;

/** One worker an agent runs, as reported in every heartbeat; {@code load} is a service worker's (else null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerReport(String jobId, int workerNumber, WorkerState state, ServiceLoad load) {

    public WorkerReport(String jobId, int workerNumber, WorkerState state) {
        this(jobId, workerNumber, state, null);
    }
}
