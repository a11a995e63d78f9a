package io.weir.agent.process;

import io.weir.core.executor.WorkerAssignment;

/** Starts workers: in the agent's JVM or in a process of their own. Implementations are thread-safe. */
public interface WorkerLauncher {

    /**
     * Starts the worker and blocks until it is Started. Throws {@link WorkerStartException} with the reason and kind when
     * it cannot start; {@link InterruptedException} when the calling thread is interrupted (nothing is left running).
     */
    LaunchedWorker launch(WorkerAssignment assignment) throws WorkerStartException, InterruptedException;

    /** {@code process} or {@code in-agent}, for logs and metrics. */
    String mode();
}
