package io.weir.master.job;

import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.worker.WorkerEntryPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a job's parameters and stage count at submission, when its class is on the master's own class path (no
 * artifact: the class ships with Weir, as the examples do), so a mistake is a 400 now instead of a failed start later.
 * Classes the master does not have are checked by the agent when the worker starts. Artifacts are never loaded here.
 */
final class SubmissionCheck {

    private static final Logger log = LoggerFactory.getLogger(SubmissionCheck.class);

    private SubmissionCheck() {
    }

    static void check(JobClusterDefinition def) {
        if (def.artifact() != null && !def.artifact().isBlank()) {
            return;
        }
        WorkerEntryPoint entryPoint;
        try {
            Class<?> type = Class.forName(def.jobClass(), false, SubmissionCheck.class.getClassLoader());
            if (!WorkerEntryPoint.class.isAssignableFrom(type)) {
                return;
            }
            entryPoint = (WorkerEntryPoint) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            log.debug("{} is not on the master's class path; the agent checks it at start", def.jobClass());
            return;
        }
        try {
            entryPoint.check(def.parameters(), def.stages().size());
        } catch (InvalidDefinitionException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("Checking {} at submission failed; the agent checks it at start", def.jobClass(), e);
        }
    }
}
