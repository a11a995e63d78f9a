package io.weir.core.model;

import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * The director's answer: the worker a client's session should use, where to reach it, and the sessions it had
 * (reported plus assigned since) when it was chosen.
 */
public record ServiceAssignment(String jobId, int workerNumber, int workerIndex, String host, List<TransportEndpoint> endpoints,
                                int sessions) {

    public ServiceAssignment {
        endpoints = List.copyOf(endpoints);
    }
}
