package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * Where one started worker listens, in Mantis's shape: data ports in {@code port}, plus metrics and custom ports.
 * {@code endpoints} lists the transport endpoints the worker offers, when it advertises any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerHost(
        String host,
        int workerIndex,
        List<Integer> port,
        WorkerState state,
        int workerNumber,
        Integer metricsPort,
        Integer customPort,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TransportEndpoint> endpoints) {

    public WorkerHost {
        port = port == null ? List.of() : List.copyOf(port);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
