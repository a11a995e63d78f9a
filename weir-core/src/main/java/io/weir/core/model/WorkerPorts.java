package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The ports a running worker listens on: data ports (the first is the one peers dial), metrics and custom. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerPorts(List<Integer> data, Integer metricsPort, Integer customPort) {

    public static final WorkerPorts NONE = new WorkerPorts(List.of(), null, null);

    public WorkerPorts {
        data = data == null ? List.of() : List.copyOf(data);
    }

    public boolean hasDataPort() {
        return !data.isEmpty();
    }
}
