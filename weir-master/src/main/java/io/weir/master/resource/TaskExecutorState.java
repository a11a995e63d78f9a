package io.weir.master.resource;

/** Where a task executor stands: free, leased by a batch being placed, running workers, disabled after failures, or lost. */
public enum TaskExecutorState {
    available,
    assigned,
    running,
    disabled,
    lost
}
