package io.weir.master.scheduler.reservation;

import io.weir.master.scheduler.ReservationType;
import java.util.Comparator;
import java.util.Objects;

/**
 * How urgent a reservation is: its type (REPLACE before SCALE before NEW_JOB), then its tier (lower first), then its
 * timestamp (older first). {@link Reservation#PROCESSING_ORDER} breaks the remaining ties by job id and stage.
 */
public record ReservationPriority(ReservationType type, int tier, long timestamp)
        implements Comparable<ReservationPriority> {

    private static final Comparator<ReservationPriority> ORDER = Comparator.comparing(ReservationPriority::type)
            .thenComparingInt(ReservationPriority::tier)
            .thenComparingLong(ReservationPriority::timestamp);

    public ReservationPriority {
        Objects.requireNonNull(type, "type");
    }

    /** Negative when this reservation is processed before {@code other}. */
    @Override
    public int compareTo(ReservationPriority other) {
        return ORDER.compare(this, other);
    }
}
