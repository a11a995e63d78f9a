package io.weir.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;

/**
 * One worker an agent runs, as {@code GET /api/v1/workers} lists it ({@code assignedAt} in epoch milliseconds, {@code pid}
 * its process when it runs in one).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerView(String jobId, int workerNumber, int stage, int workerIndex, String jobClass, String artifact,
                         WorkerState state, WorkerPorts ports, long assignedAt, Long pid) {
}
