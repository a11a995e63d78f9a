package io.weir.master.store;

import io.weir.core.executor.TaskExecutorRegistration;
import java.util.List;
import java.util.Map;

/** Durable registrations of task executors, so a restarted master knows its agents on their next heartbeat. */
public interface ExecutorStore {

    void saveExecutor(String resourceCluster, TaskExecutorRegistration registration);

    void deleteExecutor(String executorId);

    /** Every stored registration, by resource cluster. */
    Map<String, List<TaskExecutorRegistration>> loadExecutors();
}
