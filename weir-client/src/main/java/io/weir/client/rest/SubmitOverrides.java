package io.weir.client.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job submission changes from its cluster's definition: parameters and labels merged over the cluster's,
 * stage sizes replaced. Immutable; each {@code with} returns a copy.
 */
public record SubmitOverrides(Map<String, String> parameters, Map<Integer, Integer> stageWorkers, Map<String, String> labels) {

    public static final SubmitOverrides NONE = new SubmitOverrides(Map.of(), Map.of(), Map.of());

    public SubmitOverrides {
        parameters = Map.copyOf(parameters);
        stageWorkers = Map.copyOf(stageWorkers);
        labels = Map.copyOf(labels);
    }

    public SubmitOverrides withParameter(String name, String value) {
        var p = new HashMap<>(parameters);
        p.put(name, value);
        return new SubmitOverrides(p, stageWorkers, labels);
    }

    /** Stage {@code stage} (1-based) starts with {@code numWorkers} workers. */
    public SubmitOverrides withWorkers(int stage, int numWorkers) {
        var s = new HashMap<>(stageWorkers);
        s.put(stage, numWorkers);
        return new SubmitOverrides(parameters, s, labels);
    }

    public SubmitOverrides withLabel(String name, String value) {
        var l = new HashMap<>(labels);
        l.put(name, value);
        return new SubmitOverrides(parameters, stageWorkers, l);
    }

    /** The submit body: {@code {"parameters":{..},"stages":{"2":{"numWorkers":3}},"labels":{..}}}. */
    Map<String, Object> body() {
        var stages = new TreeMap<String, Object>();
        stageWorkers.forEach((stage, n) -> stages.put(String.valueOf(stage), Map.of("numWorkers", n)));
        return Map.of("parameters", parameters, "stages", stages, "labels", labels);
    }
}
