package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * Where one started worker listens, in Mantis's shape: data ports in {@code port}, plus metrics and custom ports.
 * {@code endpoints} lists the transport endpoints the worker offers, when it advertises any; {@code unavailable} is why a
 * service worker takes no new sessions now (draining, recovering), absent while it takes them.
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TransportEndpoint> endpoints,
        String unavailable) {

    public WorkerHost {
        port = port == null ? List.of() : List.copyOf(port);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** A worker that takes sessions (or is no service). */
    public WorkerHost(String host, int workerIndex, List<Integer> port, WorkerState state, int workerNumber, Integer metricsPort,
                      Integer customPort, List<TransportEndpoint> endpoints) {
        this(host, workerIndex, port, state, workerNumber, metricsPort, customPort, endpoints, null);
    }
}
