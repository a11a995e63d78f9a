package io.weir.master.job;

import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobClusterDefinition;
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

    /** The cluster's definition with these overrides applied and the resized stages validated. */
    public JobClusterDefinition applyTo(JobClusterDefinition def) {
        var params = new TreeMap<>(def.parameters());
        params.putAll(parameters);
        var resized = new TreeMap<>(def.stages());
        stages.forEach((n, o) -> {
            var s = resized.get(n);
            if (s == null) {
                throw new InvalidDefinitionException("stages." + n + ": no such stage (expected: 1.." + def.stages().size() + ")");
            }
            if (o != null && o.numWorkers() != null) {
                var stage = s.withNumWorkers(o.numWorkers());
                DefinitionValidator.validateStage("stages." + n, stage);
                resized.put(n, stage);
            }
        });
        var allLabels = new TreeMap<>(def.labels());
        allLabels.putAll(labels);
        return new JobClusterDefinition(def.name(), def.jobClass(), def.artifact(), def.version(), params, resized, def.sla(), allLabels, def.artifactSha256(), def.eventTypes());
    }

    /** A stage-size override. */
    public record StageOverride(Integer numWorkers) {
    }
}
