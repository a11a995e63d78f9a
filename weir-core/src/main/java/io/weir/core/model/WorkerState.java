package io.weir.core.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A worker's lifecycle, Mantis's machine: {@code Accepted → Launched → StartInitiated → Started → Completed | Failed}.
 * A worker reaches an agent only once placed (Launched), so nothing but an end may skip that step.
 */
public enum WorkerState {
    Accepted,
    Launched,
    StartInitiated,
    Started,
    Completed,
    Failed;

    private static final Map<WorkerState, Set<WorkerState>> NEXT = Map.of(
            Accepted, EnumSet.of(Launched, Completed, Failed),
            Launched, EnumSet.of(StartInitiated, Started, Completed, Failed),
            StartInitiated, EnumSet.of(Started, Completed, Failed),
            Started, EnumSet.of(Completed, Failed),
            Completed, EnumSet.noneOf(WorkerState.class),
            Failed, EnumSet.noneOf(WorkerState.class));

    /** Whether a worker in this state may move to {@code next}; a state never moves to itself. */
    public boolean canMoveTo(WorkerState next) {
        return NEXT.get(this).contains(next);
    }

    /** Completed or Failed: the worker will never run again. */
    public boolean isTerminal() {
        return this == Completed || this == Failed;
    }
}
