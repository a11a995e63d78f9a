package io.weir.master.scheduler.reservation;

import java.util.Objects;

/**
 * One attempt to place a reservation, all or nothing. Every dispatch gets a new {@code batchId}, a resend after a
 * timeout included; only the answer to the current batch id counts. {@code attempt} counts dispatches of the same
 * reservation (1 for the first).
 */
public record AllocationBatch(long batchId, int attempt, ConstraintKey constraintKey, Reservation reservation) {

    public AllocationBatch {
        Objects.requireNonNull(constraintKey, "constraintKey");
        Objects.requireNonNull(reservation, "reservation");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
    }
}
