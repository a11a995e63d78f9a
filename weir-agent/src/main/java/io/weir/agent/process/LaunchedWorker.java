package io.weir.agent.process;

import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerPorts;
import java.util.concurrent.CompletionStage;

/** A Started worker, whichever way it runs. */
public interface LaunchedWorker {

    /** The worker's process id, or null when it runs in the agent's JVM. */
    default Long pid() {
        return null;
    }

    /** A service worker's latest load (sessions, availability) for the director; null for other workers. */
    default ServiceLoad load() {
        return null;
    }

    /** The ports the worker reported when it started. */
    WorkerPorts ports();

    /**
     * Completes when the worker ends by itself; exceptionally with a {@link WorkerStartException} naming why and how it
     * failed. Never completes for a worker that gave no completion stage. A stop completes it too.
     */
    CompletionStage<Void> completion();

    /** Stops the worker and releases what it holds, bounded in time (forcibly at the end); idempotent and blocking. */
    void stop();
}
