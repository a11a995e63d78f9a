package io.weir.master.scheduler;

import java.util.Map;

/** What a task executor needs to start a job's workers: the resource cluster to run in and the code to run. */
public record LaunchSpec(String resourceCluster, String jobClass, String artifact, Map<String, String> parameters, int totalStages) {

    public static final String DEFAULT_RESOURCE_CLUSTER = "default";
    /** The job label that picks the resource cluster. */
    public static final String RESOURCE_CLUSTER_LABEL = "resourceCluster";

    public LaunchSpec {
        resourceCluster = resourceCluster == null ? DEFAULT_RESOURCE_CLUSTER : resourceCluster;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
