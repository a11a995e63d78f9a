package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an agent or worker tells the master about one worker: a heartbeat ({@code state} null) or a state change.
 * A {@code Started} report carries the ports the worker has bound; {@code reason} explains a failure and
 * {@code failure} says whether retrying can help (null: {@link FailureKind#TRANSIENT}); {@code load} is a service worker's
 * sessions and availability, for the director.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerEvent(String jobId, Integer workerNumber, WorkerState state, String host, WorkerPorts ports, String reason,
                          FailureKind failure, ServiceLoad load) {

    /** A report without a service load. */
    public WorkerEvent(String jobId, Integer workerNumber, WorkerState state, String host, WorkerPorts ports, String reason,
                       FailureKind failure) {
        this(jobId, workerNumber, state, host, ports, reason, failure, null);
    }

    /** A report without a failure kind. */
    public WorkerEvent(String jobId, Integer workerNumber, WorkerState state, String host, WorkerPorts ports, String reason) {
        this(jobId, workerNumber, state, host, ports, reason, null, null);
    }

    public static WorkerEvent heartbeat(String jobId, int workerNumber) {
        return heartbeat(jobId, workerNumber, null);
    }

    /** A heartbeat of a service worker, carrying its load for the director (null: not a service). */
    public static WorkerEvent heartbeat(String jobId, int workerNumber, ServiceLoad load) {
        return new WorkerEvent(jobId, workerNumber, null, null, null, null, null, load);
    }

    @JsonIgnore
    public boolean isHeartbeat() {
        return state == null;
    }

    @JsonIgnore
    public FailureKind failureKind() {
        return failure == null ? FailureKind.TRANSIENT : failure;
    }
}
