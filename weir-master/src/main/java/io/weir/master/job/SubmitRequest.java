package io.weir.master.job;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Optional overrides in a job submission: parameters and labels merged over the cluster's, stage sizes replaced. */
public record SubmitRequest(Map<String, String> parameters, SortedMap<Integer, StageOverride> stages, Map<String, String> labels) {

    public static final SubmitRequest NONE = new SubmitRequest(null, null, null);

    public SubmitRequest {
        parameters = parameters == null ? Map.of() : parameters;
        stages = stages == null ? new TreeMap<>() : stages;
        labels = labels == null ? Map.of() : labels;
    }

    /** A stage-size override. */
    public record StageOverride(Integer numWorkers) {
    }
}
