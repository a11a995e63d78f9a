package io.weir.core.model;

/** A job's lifecycle: accepted until every worker has started once, then launched, then one terminal state. */
public enum JobState {
    Accepted,
    Launched,
    Completed,
    Failed,
    Killed;

    public boolean isTerminal() {
        return this == Completed || this == Failed || this == Killed;
    }
}
