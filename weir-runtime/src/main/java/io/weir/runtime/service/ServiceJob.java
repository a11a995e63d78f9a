package io.weir.runtime.service;

import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.core.worker.WorkerEntryPoint;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.worker.ServiceRunner;
import java.util.List;
import java.util.Map;

/**
 * A job that is a streaming service rather than a topology: each worker serves requests on the request/response
 * planes and advertises its endpoints in discovery. One stage; a public no-arg constructor, as for
 * {@link io.weir.runtime.api.WeirJob}.
 */
public interface ServiceJob extends WorkerEntryPoint {

    /** The parameters this job accepts, with types and defaults; values are checked before the worker starts. */
    default List<ParameterDefinition> parameters() {
        return List.of();
    }

    /** The handler of this worker; called once per worker, with its context and its control. */
    ServiceHandler handler(JobContext context, ServiceControl control);

    @Override
    default RunningWorker start(WorkerContext context) throws Exception {
        return ServiceRunner.start(this, context);
    }

    @Override
    default void check(Map<String, String> parameters, int totalStages) {
        Parameters.validate(parameters(), parameters);
        if (totalStages != 1) {
            throw new InvalidDefinitionException("the job cluster declares " + totalStages + " stages but "
                    + getClass().getName() + " is a service (one stage): declare 1 stage");
        }
    }
}
