package io.weir.master.scheduler;

import java.util.Map;

/**
 * What a task executor needs to start a job's workers: the resource cluster to run in, the code to run (with the
 * artifact's SHA-256, null when not pinned) and the job's token (null without a cluster secret).
 */
public record LaunchSpec(String resourceCluster, String jobClass, String artifact, Map<String, String> parameters, int totalStages,
                         String artifactSha256, String jobToken) {

    public static final String DEFAULT_RESOURCE_CLUSTER = "default";
    /** The job label that picks the resource cluster. */
    public static final String RESOURCE_CLUSTER_LABEL = "resourceCluster";

    public LaunchSpec {
        resourceCluster = resourceCluster == null ? DEFAULT_RESOURCE_CLUSTER : resourceCluster;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A launch of code with no pinned digest and no job token. */
    public LaunchSpec(String resourceCluster, String jobClass, String artifact, Map<String, String> parameters, int totalStages) {
        this(resourceCluster, jobClass, artifact, parameters, totalStages, null, null);
    }
}
