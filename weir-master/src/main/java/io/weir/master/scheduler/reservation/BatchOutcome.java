package io.weir.master.scheduler.reservation;

/** How placement answered a batch. */
public enum BatchOutcome {
    /** Every worker of the batch was assigned; the reservation is done and the group sends its next batch. */
    SUCCESS,
    /** Not enough free capacity; the reservation stays first in line and its group waits for capacity to change. */
    NO_RESOURCES,
    /**
     * Placement gave up on the batch and reported its workers launch-failed to the job side, which resubmits them;
     * the reservation is dropped and the group sends its next batch.
     */
    FAILED
}
