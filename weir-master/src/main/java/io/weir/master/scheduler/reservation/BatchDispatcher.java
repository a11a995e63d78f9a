package io.weir.master.scheduler.reservation;

/**
 * Where the registry sends batches to place. Called on the registry's owner thread; it must return at once and must
 * not call back into the registry: the placement answers later with
 * {@link ReservationRegistry#onBatchResult(long, BatchOutcome)}, posted to the owner's loop.
 */
@FunctionalInterface
public interface BatchDispatcher {

    /** Starts placing {@code batch}; an exception counts as no answer, so the batch is resent after the timeout. */
    void dispatch(AllocationBatch batch);
}
