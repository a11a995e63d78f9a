package io.weir.master.scheduler.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Readiness, grouping, one batch in flight per group, results and cancellation. */
class ReservationRegistryDispatchTest {

    private final RegistryFixture f = new RegistryFixture();
    private final ReservationRegistry registry = f.registry;

    @Test
    void nothingIsDispatchedBeforeMarkReady() {
        registry.upsert(Requests.of("j-1", 1).build());
        registry.onCapacityChanged();
        f.advance(4_999);

        assertThat(registry.isReady()).isFalse();
        assertThat(f.dispatcher.sent()).isEmpty();
        assertThat(registry.pendingCount()).isEqualTo(1);

        registry.markReady();
        assertThat(registry.isReady()).isTrue();
        assertThat(f.dispatcher.keys()).containsExactly("j-1/1");
    }

    @Test
    void markReadyIsIdempotent() {
        registry.upsert(Requests.of("j-1", 1).build());
        registry.markReady();
        registry.markReady();
        assertThat(f.dispatcher.sent()).hasSize(1);
    }

    @Test
    void reservationsWithEqualConstraintKeysShareOneQueue() {
        registry.upsert(Requests.of("j-1", 1).machine(1, 500).hard("zone=a", "UniqueHost").build());
        registry.upsert(Requests.of("j-2", 1).machine(1, 512).hard("UniqueHost", "zone=a").build());
        registry.upsert(Requests.of("j-3", 1).machine(2, 512).build());

        var groups = registry.view().groups();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).reservations()).extracting(ReservationView::jobId).containsExactly("j-1", "j-2");
        assertThat(groups.get(1).reservations()).extracting(ReservationView::jobId).containsExactly("j-3");
    }

    @Test
    void oneBatchInFlightPerGroup() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());
        registry.upsert(Requests.of("j-3", 1).at(3).build());

        assertThat(f.dispatcher.keys()).containsExactly("j-1/1");
    }

    @Test
    void independentGroupsProgressInParallel() {
        registry.upsert(Requests.of("j-1", 1).machine(1, 512).build());
        registry.upsert(Requests.of("j-2", 1).machine(1, 512).build());
        registry.upsert(Requests.of("j-3", 1).machine(4, 8192).build());
        registry.upsert(Requests.of("j-4", 1).hard("zone=b").build());
        registry.markReady();

        assertThat(f.dispatcher.keys()).containsExactly("j-1/1", "j-3/1", "j-4/1");
        assertThat(f.dispatcher.sent()).extracting(AllocationBatch::batchId).doesNotHaveDuplicates();
    }

    @Test
    void successSendsTheNextBatchOfTheGroup() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).workers(1, 2).build());
        registry.upsert(Requests.of("j-2", 1).at(2).workers(3).build());
        var first = f.dispatcher.drain().getFirst();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.reservation().workerNumbers()).containsExactlyInAnyOrder(1, 2);

        assertThat(registry.onBatchResult(first.batchId(), BatchOutcome.SUCCESS)).isTrue();

        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");
        assertThat(registry.pendingCount()).isEqualTo(1);
    }

    @Test
    void aFailedBatchIsDroppedAndTheNextOneSent() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());

        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.FAILED);

        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");
        assertThat(registry.pendingCount()).isEqualTo(1);
    }

    @Test
    void theGroupIsForgottenOnceEmpty() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        registry.onBatchResult(f.dispatcher.last().batchId(), BatchOutcome.SUCCESS);

        assertThat(registry.view().groups()).isEmpty();
        assertThat(registry.pendingCount()).isZero();
    }

    @Test
    void cancellingTheInFlightReservationSendsTheNext() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());
        var inFlight = f.dispatcher.drain().getFirst();

        assertThat(registry.cancel("j-1", 1)).isTrue();

        var next = f.dispatcher.drain();
        assertThat(next).extracting(b -> b.reservation().key().toString()).containsExactly("j-2/1");
        assertThat(registry.onBatchResult(inFlight.batchId(), BatchOutcome.SUCCESS)).isFalse();
        assertThat(registry.view().groups().getFirst().reservations().getFirst().inFlight()).isTrue();
        assertThat(registry.onBatchResult(next.getFirst().batchId(), BatchOutcome.SUCCESS)).isTrue();
        assertThat(registry.pendingCount()).isZero();
    }

    @Test
    void cancelAnswersWhetherAnythingWasCancelled() {
        registry.upsert(Requests.of("j-1", 1).workers(1).build());
        registry.upsert(Requests.of("j-1", 1).workers(2).build());
        registry.upsert(Requests.of("j-1", 2).build());

        assertThat(registry.cancel("j-1", 1)).isTrue();
        assertThat(registry.cancel("j-1", 1)).isFalse();
        assertThat(registry.cancel("j-9", 1)).isFalse();
        assertThat(registry.view().groups().getFirst().reservations()).extracting(ReservationView::stage)
                .containsExactly(2);
    }

    @Test
    void cancellingAQueuedReservationLeavesTheInFlightOneAlone() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());
        var inFlight = f.dispatcher.drain().getFirst();

        assertThat(registry.cancel("j-2", 1)).isTrue();

        assertThat(f.dispatcher.sent()).isEmpty();
        assertThat(registry.onBatchResult(inFlight.batchId(), BatchOutcome.SUCCESS)).isTrue();
        assertThat(f.dispatcher.sent()).isEmpty();
    }

    @Test
    void anUnknownBatchIdIsIgnored() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());

        assertThat(registry.onBatchResult(12_345, BatchOutcome.SUCCESS)).isFalse();

        assertThat(registry.pendingCount()).isEqualTo(1);
        assertThat(f.counter("weir_reservation_results_stale")).isEqualTo(1);
    }

    @Test
    void aDispatcherCallingBackIsRejected() {
        var holder = new ReservationRegistry[1];
        var rejected = new ArrayList<Throwable>();
        holder[0] = new ReservationRegistry("default", ReservationRegistryConfig.DEFAULTS, batch -> {
            try {
                holder[0].onBatchResult(batch.batchId(), BatchOutcome.SUCCESS);
            } catch (IllegalStateException e) {
                rejected.add(e);
            }
        }, f.clock::get, f.meters);
        holder[0].markReady();
        holder[0].upsert(Requests.of("j-1", 1).build());

        assertThat(rejected).singleElement().extracting(Throwable::getMessage).asString()
                .contains("expected: answers posted to the owner's loop");
        assertThat(holder[0].view().groups().getFirst().reservations().getFirst().inFlight()).isTrue();
    }

    @Test
    void nullArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> registry.upsert((Reservation) null)).hasMessage("reservation");
        assertThatThrownBy(() -> registry.cancel(null, 1)).hasMessage("jobId");
        assertThatThrownBy(() -> registry.onBatchResult(1, null)).hasMessage("outcome");
    }
}
