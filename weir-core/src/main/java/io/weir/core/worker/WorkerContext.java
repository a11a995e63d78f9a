package io.weir.core.worker;

import java.util.List;
import java.util.Map;

/**
 * Everything a worker is told when it starts: its job and slot, parameters, reserved ports, the master's URL, and its
 * job's token (null when the cluster runs without a secret): data-plane OPENs and discovery calls carry it. Peers reach
 * the worker at {@code host}; its listeners bind {@code bindHost} (the agent's bind address, e.g. {@code 127.0.0.1}).
 */
public record WorkerContext(
        String jobId,
        int workerNumber,
        int stage,
        int workerIndex,
        int totalStages,
        Map<String, String> parameters,
        List<Integer> ports,
        String host,
        String masterUrl,
        String jobToken,
        String bindHost) {

    /** Where listeners bind when nothing says otherwise: all interfaces. */
    public static final String ANY_ADDRESS = "0.0.0.0";

    public WorkerContext {
        bindHost = bindHost == null || bindHost.isBlank() ? ANY_ADDRESS : bindHost;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A context without a job token, for a cluster that runs without a secret (tests, benchmarks). */
    public WorkerContext(String jobId, int workerNumber, int stage, int workerIndex, int totalStages, Map<String, String> parameters,
                         List<Integer> ports, String host, String masterUrl) {
        this(jobId, workerNumber, stage, workerIndex, totalStages, parameters, ports, host, masterUrl, null, null);
    }

    /** A context whose listeners bind all interfaces. */
    public WorkerContext(String jobId, int workerNumber, int stage, int workerIndex, int totalStages, Map<String, String> parameters,
                         List<Integer> ports, String host, String masterUrl, String jobToken) {
        this(jobId, workerNumber, stage, workerIndex, totalStages, parameters, ports, host, masterUrl, jobToken, null);
    }

    @Override
    public String toString() {
        return "WorkerContext[" + jobId + "/" + workerNumber + ", stage " + stage + ", index " + workerIndex + "]";
    }
}
