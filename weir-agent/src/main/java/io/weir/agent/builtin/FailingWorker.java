package io.weir.agent.builtin;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;

/**
 * A worker that always throws on start, for tests of failure reporting. The message is the parameter {@code message},
 * or a default sentence.
 */
public final class FailingWorker implements WorkerEntryPoint {

    /** The message used when the parameter {@code message} is absent. */
    public static final String DEFAULT_MESSAGE = "FailingWorker fails on start, as it is meant to";

    @Override
    public RunningWorker start(WorkerContext context) {
        throw new IllegalStateException(context.parameters().getOrDefault("message", DEFAULT_MESSAGE));
    }
}
