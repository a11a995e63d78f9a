package io.weir.master.scheduler.reservation;

/** What {@link ReservationRegistry#upsert} did with a request. */
public enum UpsertResult {
    /** Queued; older reservations of the key, if any, stay. */
    QUEUED,
    /** Queued, and older pending reservations of the key were dropped because the stage's target size shrank. */
    QUEUED_DROPPING_OLDER,
    /** No workers to place: nothing queued (older reservations of a larger target size were still dropped). */
    NOTHING_TO_PLACE,
    /** An identical reservation is already pending; it keeps its place. */
    DUPLICATE
}
