package io.weir.master.scheduler.reservation;

import static io.weir.master.scheduler.ReservationType.NEW_JOB;
import static io.weir.master.scheduler.ReservationType.REPLACE;
import static io.weir.master.scheduler.ReservationType.SCALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationPriorityTest {

    @Test
    void replaceBeatsScaleBeatsNewJob() {
        var priorities = new ArrayList<>(List.of(new ReservationPriority(NEW_JOB, 0, 1),
                new ReservationPriority(SCALE, 0, 2), new ReservationPriority(REPLACE, 0, 3)));
        Collections.sort(priorities);
        assertThat(priorities).extracting(ReservationPriority::type).containsExactly(REPLACE, SCALE, NEW_JOB);
    }

    @Test
    void typeWinsOverTierAndTime() {
        assertThat(new ReservationPriority(REPLACE, 9, 999)).isLessThan(new ReservationPriority(SCALE, 0, 0));
    }

    @Test
    void lowerTierFirstWithinAType() {
        assertThat(new ReservationPriority(SCALE, 0, 500)).isLessThan(new ReservationPriority(SCALE, 1, 100));
    }

    @Test
    void olderFirstWithinATypeAndTier() {
        assertThat(new ReservationPriority(NEW_JOB, 1, 100)).isLessThan(new ReservationPriority(NEW_JOB, 1, 101));
    }

    @Test
    void equalPrioritiesAreOrderedByJobIdThenStage() {
        var reservations = new ArrayList<>(List.of(reservation("j-2", 1), reservation("j-1", 2),
                reservation("j-1", 1)));
        reservations.sort(Reservation.PROCESSING_ORDER);
        assertThat(reservations).extracting(r -> r.key().toString()).containsExactly("j-1/1", "j-1/2", "j-2/1");
    }

    private static Reservation reservation(String jobId, int stage) {
        return Reservation.from(Requests.of(jobId, stage).type(SCALE).tier(1).at(42).build());
    }
}
