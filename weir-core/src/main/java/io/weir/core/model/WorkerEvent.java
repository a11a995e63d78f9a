package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an agent or worker tells the master about one worker: a heartbeat ({@code state} null) or a state change.
 * A {@code Started} report carries the ports the worker has bound; {@code reason} explains a failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerEvent(String jobId, Integer workerNumber, WorkerState state, String host, WorkerPorts ports, String reason) {

    public static WorkerEvent heartbeat(String jobId, int workerNumber) {
        return new WorkerEvent(jobId, workerNumber, null, null, null, null);
    }

    @JsonIgnore
    public boolean isHeartbeat() {
        return state == null;
    }
}
