package io.weir.master.scheduler.reservation;

import java.util.Comparator;

/**
 * A reservation in the registry: the reservation, the sequence number that breaks ties between equal reservations
 * of one key, and how many times it was dispatched. Owned by the registry's thread.
 */
final class PendingReservation {

    /** Processing order within a group; total, because sequence numbers are unique. */
    static final Comparator<PendingReservation> ORDER = Comparator
            .comparing((PendingReservation p) -> p.reservation, Reservation.PROCESSING_ORDER)
            .thenComparingLong(p -> p.sequence);

    final Reservation reservation;
    final long sequence;
    private int dispatches;

    PendingReservation(Reservation reservation, long sequence) {
        this.reservation = reservation;
        this.sequence = sequence;
    }

    /** Counts one more dispatch and returns the attempt number (1 for the first). */
    int nextAttempt() {
        return ++dispatches;
    }

    int dispatches() {
        return dispatches;
    }
}
