package io.weir.master.scheduler;

import io.weir.core.model.WorkerPorts;
import java.util.concurrent.CompletableFuture;

/** Where a scheduler reports its placements; implementations hand the call to the control loop, so any thread may call. */
public interface SchedulingListener {

    /**
     * The worker was placed on a task executor at {@code host}, with the ports reserved for it there. Completes with
     * true once the placement is durable, so the scheduler tells the agent only then (a restart never finds a worker
     * running that the store thinks unplaced); false when the placement is stale and must not be launched.
     */
    CompletableFuture<Boolean> workerLaunched(String jobId, int workerNumber, String taskExecutorId, String host, WorkerPorts ports);

    /** Workers of a stage cannot be placed now, for {@code reason} (a sentence naming what is missing); null once they can. */
    default void workersWaiting(String jobId, int stage, String reason) {
    }

    /** The worker could not be placed or started; the master fails and replaces it. */
    void workerLaunchFailed(String jobId, int workerNumber, String reason);

    /** The worker's task executor was lost (no heartbeats, or it left); the master fails and replaces the worker. */
    void workerLost(String jobId, int workerNumber, String reason);
}
