package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One stage of a job cluster: how many workers, what each needs, where they may run, and how far it may scale.
 * {@code min}/{@code max} bound {@code numWorkers} when the stage is {@code scalable}; {@code keyed} routes records by key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageDefinition(
        Integer numWorkers,
        MachineDefinition machine,
        List<String> hardConstraints,
        List<String> softConstraints,
        Boolean scalable,
        Integer min,
        Integer max,
        Boolean keyed) {

    public StageDefinition {
        numWorkers = numWorkers == null ? 1 : numWorkers;
        machine = machine == null ? MachineDefinition.DEFAULT : machine;
        hardConstraints = hardConstraints == null ? List.of() : List.copyOf(hardConstraints);
        softConstraints = softConstraints == null ? List.of() : List.copyOf(softConstraints);
        scalable = scalable != null && scalable;
        min = min == null ? (scalable ? 1 : numWorkers) : min;
        max = max == null ? (scalable ? Math.max(numWorkers, 100) : numWorkers) : max;
        keyed = keyed != null && keyed;
    }

    /** A plain stage of {@code n} workers with default machine and no constraints. */
    public static StageDefinition ofWorkers(int n) {
        return new StageDefinition(n, null, null, null, null, null, null, null);
    }

    /** This stage with another worker count, everything else kept. */
    public StageDefinition withNumWorkers(int n) {
        return new StageDefinition(n, machine, hardConstraints, softConstraints, scalable, min, max, keyed);
    }
}
