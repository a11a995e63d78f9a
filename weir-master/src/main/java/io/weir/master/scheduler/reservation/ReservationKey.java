package io.weir.master.scheduler.reservation;

import java.util.Comparator;
import java.util.Objects;

/** Identifies the reservations of one (job, stage). */
public record ReservationKey(String jobId, int stage) implements Comparable<ReservationKey> {

    private static final Comparator<ReservationKey> ORDER =
            Comparator.comparing(ReservationKey::jobId).thenComparingInt(ReservationKey::stage);

    public ReservationKey {
        Objects.requireNonNull(jobId, "jobId");
    }

    /** Orders by job id, then stage. */
    @Override
    public int compareTo(ReservationKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return jobId + "/" + stage;
    }
}
