package io.weir.core.worker;

import java.util.List;
import java.util.Map;

/** Everything a worker is told when it starts: its job and slot, parameters, reserved ports, and the master's URL. */
public record WorkerContext(
        String jobId,
        int workerNumber,
        int stage,
        int workerIndex,
        int totalStages,
        Map<String, String> parameters,
        List<Integer> ports,
        String host,
        String masterUrl) {

    public WorkerContext {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
