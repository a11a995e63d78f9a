package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A client's request for a worker of a service: its session id (for logs), the worker that just failed it if any (it
 * becomes suspect for a while), and workers not to choose.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AssignmentRequest(String sessionId, FailedWorker failed, List<Integer> exclude) {

    public AssignmentRequest {
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** A worker of a job that failed a session: the connection was lost or it missed heartbeats. */
    public record FailedWorker(String jobId, int workerNumber, String reason) {
    }
}
