package io.weir.master.scheduler.reservation;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The queue of one constraint key, in processing order, with at most one batch in flight. A reservation that got
 * "no resources" is not sent again while it is first in line until capacity changes or the fallback retry is due;
 * a different reservation reaching the front (a higher priority arrival, a cancel) is sent at once. Owned by the
 * registry's thread.
 */
final class ConstraintGroup {

    private final ConstraintKey key;
    private final NavigableSet<PendingReservation> queue = new TreeSet<>(PendingReservation.ORDER);
    private PendingReservation inFlight; // null when no batch is in flight
    private long inFlightBatchId;
    private long dispatchedAtMillis;
    private PendingReservation waiting; // null unless the first reservation got "no resources"
    private long waitingSinceMillis;

    ConstraintGroup(ConstraintKey key) {
        this.key = key;
    }

    ConstraintKey key() {
        return key;
    }

    NavigableSet<PendingReservation> queue() {
        return queue;
    }

    void add(PendingReservation pending) {
        queue.add(pending);
    }

    /** Removes {@code pending}; when it was in flight, the batch is forgotten and its answer will be stale. */
    void remove(PendingReservation pending) {
        queue.remove(pending);
        if (pending == inFlight) {
            inFlight = null;
        }
        if (pending == waiting) {
            waiting = null;
        }
    }

    /** The reservation to dispatch now, or null while a batch is in flight or the first one waits for capacity. */
    PendingReservation dispatchable() {
        if (inFlight != null || queue.isEmpty() || queue.first() == waiting) {
            return null;
        }
        return queue.first();
    }

    void startBatch(PendingReservation pending, long batchId, long nowMillis) {
        inFlight = pending;
        inFlightBatchId = batchId;
        dispatchedAtMillis = nowMillis;
    }

    /** Ends the batch in flight and returns its reservation. */
    PendingReservation finishBatch() {
        var pending = inFlight;
        inFlight = null;
        return pending;
    }

    PendingReservation inFlight() {
        return inFlight;
    }

    long inFlightBatchId() {
        return inFlightBatchId;
    }

    boolean inFlightExpired(long nowMillis, long timeoutMillis) {
        return inFlight != null && nowMillis - dispatchedAtMillis >= timeoutMillis;
    }

    void waitForCapacity(PendingReservation pending, long nowMillis) {
        waiting = pending;
        waitingSinceMillis = nowMillis;
    }

    boolean waitingForCapacity() {
        return waiting != null && !queue.isEmpty() && queue.first() == waiting;
    }

    boolean retryDue(long nowMillis, long retryMillis) {
        return waitingForCapacity() && nowMillis - waitingSinceMillis >= retryMillis;
    }

    void stopWaiting() {
        waiting = null;
    }

    boolean idle() {
        return queue.isEmpty() && inFlight == null;
    }
}
