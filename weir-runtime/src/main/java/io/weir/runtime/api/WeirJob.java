package io.weir.runtime.api;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import io.weir.runtime.worker.JobRunner;
import java.util.List;

/**
 * A job as users write it: the parameters it accepts and its topology. The class needs a public no-arg constructor;
 * agents start any of its stages through {@link WorkerEntryPoint}, so it runs from a jar or the classpath as it is.
 */
public interface WeirJob extends WorkerEntryPoint {

    /** The parameters this job accepts, with types and defaults; values are checked before any stage starts. */
    default List<ParameterDefinition> parameters() {
        return List.of();
    }

    /** The topology; called once per worker, with that worker's context. */
    Topology topology(JobContext context);

    @Override
    default RunningWorker start(WorkerContext context) throws Exception {
        return JobRunner.start(this, context);
    }

    @Override
    default void check(java.util.Map<String, String> parameters, int totalStages) {
        JobRunner.check(this, parameters, totalStages);
    }
}
