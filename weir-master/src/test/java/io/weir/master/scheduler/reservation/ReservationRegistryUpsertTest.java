package io.weir.master.scheduler.reservation;

import static io.weir.master.scheduler.ReservationType.NEW_JOB;
import static io.weir.master.scheduler.ReservationType.REPLACE;
import static io.weir.master.scheduler.ReservationType.SCALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How an upsert meets the pending reservations of its key: dedup, accumulate, or drop the older ones. */
class ReservationRegistryUpsertTest {

    private final RegistryFixture f = new RegistryFixture();
    private final ReservationRegistry registry = f.registry;

    @Test
    void anIdenticalReservationIsDeduplicatedAndKeepsItsPlace() {
        assertThat(registry.upsert(Requests.of("j-1", 1).type(SCALE).at(1).workers(1, 2).target(2).build()))
                .isEqualTo(UpsertResult.QUEUED);
        registry.upsert(Requests.of("j-2", 1).type(SCALE).at(2).build());

        var again = Requests.of("j-1", 1).type(REPLACE).at(3).workers(2, 1).target(2).build();
        assertThat(registry.upsert(again)).isEqualTo(UpsertResult.DUPLICATE);

        assertThat(registry.pendingCount()).isEqualTo(2);
        var reservations = registry.view().groups().getFirst().reservations();
        assertThat(reservations).extracting(ReservationView::jobId).containsExactly("j-1", "j-2");
        assertThat(reservations.getFirst().priority().type()).isEqualTo(SCALE);
        assertThat(f.counter("weir_reservation_upserts_duplicate")).isEqualTo(1);
    }

    @Test
    void aDuplicateOfTheInFlightReservationSendsNothing() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        registry.upsert(Requests.of("j-1", 1).build());

        assertThat(f.dispatcher.sent()).hasSize(1);
    }

    @Test
    void aLargerTargetSizeKeepsOlderReservationsOfTheKey() {
        registry.upsert(Requests.of("j-1", 1).type(NEW_JOB).at(1).workers(1, 2).target(2).build());

        assertThat(registry.upsert(Requests.of("j-1", 1).type(SCALE).at(2).workers(3, 4).target(4).build()))
                .isEqualTo(UpsertResult.QUEUED);

        assertThat(registry.pendingCount()).isEqualTo(2);
        assertThat(registry.view().groups().getFirst().reservations()).extracting(ReservationView::stageTargetSize)
                .containsExactly(4, 2);
        registry.markReady();
        assertThat(f.placeEverything()).containsExactly("j-1/1", "j-1/1");
    }

    @Test
    void aSmallerTargetSizeDropsOlderPendingReservations() {
        registry.upsert(Requests.of("j-1", 1).type(SCALE).at(1).workers(3, 4, 5).target(6).build());
        registry.upsert(Requests.of("j-1", 1).type(SCALE).at(2).workers(6).target(7).build());
        registry.upsert(Requests.of("j-2", 1).type(SCALE).at(3).workers(9).target(9).build());

        assertThat(registry.upsert(Requests.of("j-1", 1).type(REPLACE).at(4).workers(8).target(3).build()))
                .isEqualTo(UpsertResult.QUEUED_DROPPING_OLDER);

        var reservations = registry.view().groups().getFirst().reservations();
        assertThat(reservations).extracting(ReservationView::workerNumbers)
                .containsExactly(List.of(8), List.of(9));
    }

    @Test
    void aSmallerTargetSizeKeepsOlderReservationsOfATargetNoLarger() {
        registry.upsert(Requests.of("j-1", 1).type(REPLACE).at(1).workers(1).target(3).build());
        registry.upsert(Requests.of("j-1", 1).type(SCALE).at(2).workers(4, 5).target(5).build());

        registry.upsert(Requests.of("j-1", 1).type(REPLACE).at(3).workers(2).target(3).build());

        assertThat(registry.view().groups().getFirst().reservations()).extracting(ReservationView::workerNumbers)
                .containsExactly(List.of(1), List.of(2));
    }

    @Test
    void aSmallerTargetSizeDropsTheInFlightReservationToo() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).type(SCALE).workers(3, 4).target(5).build());
        var inFlight = f.dispatcher.drain().getFirst();

        registry.upsert(Requests.of("j-1", 1).type(REPLACE).workers(9).target(3).build());

        assertThat(f.dispatcher.drain()).singleElement()
                .satisfies(b -> assertThat(b.reservation().workerNumbers()).containsExactly(9));
        assertThat(registry.onBatchResult(inFlight.batchId(), BatchOutcome.SUCCESS)).isFalse();
    }

    @Test
    void aScaleDownWithoutWorkersOnlyCancelsThePendingScaleUp() {
        registry.upsert(Requests.of("j-1", 1).type(SCALE).workers(3, 4).target(5).build());

        assertThat(registry.upsert(Requests.of("j-1", 1).type(SCALE).workers().target(2).build()))
                .isEqualTo(UpsertResult.NOTHING_TO_PLACE);

        assertThat(registry.pendingCount()).isZero();
        assertThat(registry.view().groups()).isEmpty();
    }

    @Test
    void anEqualTargetSizeWithOtherWorkersAccumulates() {
        registry.upsert(Requests.of("j-1", 1).type(REPLACE).at(1).workers(7).target(3).build());

        assertThat(registry.upsert(Requests.of("j-1", 1).type(REPLACE).at(2).workers(9).target(3).build()))
                .isEqualTo(UpsertResult.QUEUED);

        assertThat(registry.pendingCount()).isEqualTo(2);
    }

    @Test
    void aStaleResultAfterAnUpdateDoesNotWedgeTheGroup() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).type(SCALE).at(1).workers(3, 4).target(5).build());
        registry.upsert(Requests.of("j-2", 1).type(SCALE).at(5).build());
        var old = f.dispatcher.drain().getFirst();
        registry.upsert(Requests.of("j-1", 1).type(SCALE).at(3).workers(3).target(4).build());
        var updated = f.dispatcher.drain().getFirst();
        assertThat(updated.reservation().workerNumbers()).containsExactly(3);

        for (BatchOutcome outcome : BatchOutcome.values()) {
            assertThat(registry.onBatchResult(old.batchId(), outcome)).isFalse();
        }
        assertThat(f.dispatcher.sent()).isEmpty();
        assertThat(registry.view().groups().getFirst().waitingForCapacity()).isFalse();

        assertThat(registry.onBatchResult(updated.batchId(), BatchOutcome.SUCCESS)).isTrue();
        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");
    }

    @Test
    void aStaleResultAfterAResendDoesNotWedgeTheGroup() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());
        var old = f.dispatcher.drain().getFirst();
        f.advance(5_000);
        var resent = f.dispatcher.drain().getFirst();

        assertThat(registry.onBatchResult(old.batchId(), BatchOutcome.NO_RESOURCES)).isFalse();
        assertThat(registry.onBatchResult(resent.batchId(), BatchOutcome.SUCCESS)).isTrue();

        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");
    }

    @Test
    void aReservationMovingToAnotherConstraintGroupLeavesTheOldOne() {
        registry.upsert(Requests.of("j-1", 1).machine(1, 512).workers(1, 2).target(4).build());

        registry.upsert(Requests.of("j-1", 1).machine(2, 1024).workers(1).target(2).build());

        assertThat(registry.view().groups()).singleElement()
                .satisfies(g -> assertThat(g.machine().cpuCores()).isEqualTo(2.0));
    }
}
