package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * The director's answer: the worker a client's session should use, where to reach it, the sessions it had (reported
 * plus assigned since) when it was chosen, the job's read token to call it with (null when the master runs without a
 * secret), and a standby: the next choice, which the session moves to at once if this worker fails (null when there is
 * no other worker).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAssignment(String jobId, int workerNumber, int workerIndex, String host, List<TransportEndpoint> endpoints,
                                int sessions, String token, ServiceAssignment standby) {

    public ServiceAssignment {
        endpoints = List.copyOf(endpoints);
    }

    /** An answer without a standby. */
    public ServiceAssignment(String jobId, int workerNumber, int workerIndex, String host, List<TransportEndpoint> endpoints,
                             int sessions, String token) {
        this(jobId, workerNumber, workerIndex, host, endpoints, sessions, token, null);
    }

    /** This answer with {@code readToken}, its standby's too (the same job's). */
    public ServiceAssignment withToken(String readToken) {
        return new ServiceAssignment(jobId, workerNumber, workerIndex, host, endpoints, sessions, readToken,
                standby == null ? null : standby.withToken(readToken));
    }

    /** This answer with {@code next} as its standby. */
    public ServiceAssignment withStandby(ServiceAssignment next) {
        return new ServiceAssignment(jobId, workerNumber, workerIndex, host, endpoints, sessions, token, next);
    }

    /** Whether this names the same worker as {@code other}. */
    public boolean sameWorker(ServiceAssignment other) {
        return other != null && jobId.equals(other.jobId) && workerNumber == other.workerNumber;
    }
}
