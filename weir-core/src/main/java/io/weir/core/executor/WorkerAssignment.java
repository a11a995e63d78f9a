package io.weir.core.executor;

import java.util.List;
import java.util.Map;

/**
 * What the master sends an agent to start one worker: which job and slot, the code to run ({@code jobClass} from
 * {@code artifact}, or from the agent's classpath when the artifact is null), the job's parameters, and the ports
 * reserved for it on that agent, the SHA-256 the artifact must have (hex; null when the cluster opted out), and the
 * job's token (see {@link io.weir.core.security.JobTokens}; null when the master runs without a cluster secret), and
 * the stage's machine: {@code cpuCores} and {@code memoryMB} (null when the master did not say: the agent picks defaults).
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
        List<Integer> ports,
        String artifactSha256,
        String jobToken,
        Double cpuCores,
        Integer memoryMB) {

    /** An assignment without the stage's machine (the agent sizes its process with defaults). */
    public WorkerAssignment(String jobId, int workerNumber, int stage, int workerIndex, int totalStages, String jobClass,
                            String artifact, Map<String, String> parameters, List<Integer> ports, String artifactSha256,
                            String jobToken) {
        this(jobId, workerNumber, stage, workerIndex, totalStages, jobClass, artifact, parameters, ports, artifactSha256,
                jobToken, null, null);
    }

    public WorkerAssignment {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    @Override
    public String toString() {
        return "WorkerAssignment[" + jobId + "/" + workerNumber + ", stage " + stage + ", index " + workerIndex + ", "
                + jobClass + (artifact == null ? "" : " from " + artifact) + ", ports " + ports + "]";
    }

    public WorkerRef ref() {
        return new WorkerRef(jobId, workerNumber);
    }
}
