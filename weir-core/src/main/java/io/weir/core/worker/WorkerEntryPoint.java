package io.weir.core.worker;

/**
 * How an agent starts the code of a job cluster's {@code jobClass}: the class implements this and has a public no-arg
 * constructor. {@link #start} returns only once the worker's data port is bound, so the agent reports Started then.
 */
public interface WorkerEntryPoint {

    RunningWorker start(WorkerContext context) throws Exception;

    /**
     * Checks a job's parameters and stage count before any worker starts; the master calls it at submission when the
     * class is on its own class path. Throws {@link io.weir.core.model.InvalidDefinitionException} naming the problem.
     */
    default void check(java.util.Map<String, String> parameters, int totalStages) {
    }
}
