package io.weir.master.scheduler;

import io.weir.core.model.WorkerPorts;

/** Where a scheduler reports its placements; implementations hand the call to the control loop, so any thread may call. */
public interface SchedulingListener {

    /** The worker was assigned to a task executor at {@code host}, with the ports reserved for it there. */
    void workerLaunched(String jobId, int workerNumber, String taskExecutorId, String host, WorkerPorts ports);

    /** The worker could not be placed or started; the master fails and replaces it. */
    void workerLaunchFailed(String jobId, int workerNumber, String reason);

    /** The worker's task executor was lost (no heartbeats, or it left); the master fails and replaces the worker. */
    void workerLost(String jobId, int workerNumber, String reason);
}
