package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;

/**
 * The ports a running worker listens on: data ports (the first is the one peers dial), metrics and custom, and the
 * transport endpoints it advertises (published in discovery).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkerPorts(List<Integer> data, Integer metricsPort, Integer customPort, List<TransportEndpoint> endpoints) {

    public static final WorkerPorts NONE = new WorkerPorts(List.of(), null, null);

    public WorkerPorts {
        data = data == null ? List.of() : List.copyOf(data);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** Ports without advertised endpoints. */
    public WorkerPorts(List<Integer> data, Integer metricsPort, Integer customPort) {
        this(data, metricsPort, customPort, List.of());
    }

    public boolean hasDataPort() {
        return !data.isEmpty();
    }
}
