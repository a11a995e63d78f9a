package io.weir.master.scheduler;

/**
 * How the job side asks for task executors. Calls return at once; placements come back through
 * {@link SchedulingListener}. Implementations must be safe to call from the control loop and never block it.
 */
public interface WorkerScheduler extends AutoCloseable {

    /** Adds or replaces the reservation of (job, stage). */
    void upsertReservation(ReservationRequest request);

    /** Drops every pending reservation of (job, stage). */
    void cancelReservation(String jobId, int stage);

    /** Forgets everything kept for a job that ended (after its reservations were cancelled). */
    default void jobEnded(String jobId) {
    }

    /** Called once the master has recovered its state; nothing is placed before. */
    void markReady();

    /** Stops a worker that was placed on a task executor; a no-op when it was never placed. */
    void terminateWorker(String jobId, int workerNumber, String taskExecutorId);

    /** Tells the scheduler, after a master restart, that a recovered worker already runs on {@code taskExecutorId}. */
    default void recoverPlacement(WorkerRequest worker, String taskExecutorId, io.weir.core.model.MachineDefinition machine,
                                  java.util.List<Integer> ports) {
    }

    @Override
    default void close() {
    }
}
