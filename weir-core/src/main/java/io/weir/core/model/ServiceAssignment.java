package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * The director's answer: the worker a client's session should use, where to reach it, the sessions it had (reported
 * plus assigned since) when it was chosen, and the job's read token to call it with (null when the master runs without
 * a secret).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAssignment(String jobId, int workerNumber, int workerIndex, String host, List<TransportEndpoint> endpoints,
                                int sessions, String token) {

    public ServiceAssignment {
        endpoints = List.copyOf(endpoints);
    }

    public ServiceAssignment withToken(String readToken) {
        return new ServiceAssignment(jobId, workerNumber, workerIndex, host, endpoints, sessions, readToken);
    }
}
