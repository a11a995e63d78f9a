package io.weir.core.executor;

import java.util.List;
import java.util.Map;

/**
 * What the master sends an agent to start one worker: which job and slot, the code to run ({@code jobClass} from
 * {@code artifact}, or from the agent's classpath when the artifact is null), the job's parameters, and the ports
 * reserved for it on that agent.
 */
public record WorkerAssignment(
        String jobId,
        int workerNumber,
        int stage,
        int workerIndex,
        int totalStages,
        String jobClass,
        String artifact,
        Map<String, String> parameters,
        List<Integer> ports) {

    public WorkerAssignment {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public WorkerRef ref() {
        return new WorkerRef(jobId, workerNumber);
    }
}
