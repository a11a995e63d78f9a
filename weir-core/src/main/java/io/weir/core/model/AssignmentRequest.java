package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A client's request for a worker of a service: its session id (for logs), the worker that just failed it if any (it
 * becomes suspect for a while), workers not to choose, and the standby of the last answer if the session already went
 * on there (the answer then names that worker, counts the session on it, and brings a new standby).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AssignmentRequest(String sessionId, FailedWorker failed, List<Integer> exclude, WorkerOfJob movedTo) {

    public AssignmentRequest {
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** A request that moved nowhere yet. */
    public AssignmentRequest(String sessionId, FailedWorker failed, List<Integer> exclude) {
        this(sessionId, failed, exclude, null);
    }

    /** A worker of a job that failed a session: the connection was lost or it missed heartbeats. */
    public record FailedWorker(String jobId, int workerNumber, String reason) {
    }

    /** A worker of a job. */
    public record WorkerOfJob(String jobId, int workerNumber) {
    }
}
