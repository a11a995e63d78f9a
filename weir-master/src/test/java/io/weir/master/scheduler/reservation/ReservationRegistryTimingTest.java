package io.weir.master.scheduler.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.master.scheduler.ReservationType;
import org.junit.jupiter.api.Test;

/** In-flight timeouts, "no resources" and its retries, auto-ready: everything driven by the hand-moved clock. */
class ReservationRegistryTimingTest {

    private final RegistryFixture f = new RegistryFixture();
    private final ReservationRegistry registry = f.registry;

    @Test
    void anInFlightBatchWithoutAnswerIsResentAfterTheTimeout() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        var first = f.dispatcher.drain().getFirst();

        f.advance(4_999);
        assertThat(f.dispatcher.sent()).isEmpty();

        f.advance(1);
        var resent = f.dispatcher.drain();
        assertThat(resent).singleElement().satisfies(b -> {
            assertThat(b.batchId()).isNotEqualTo(first.batchId());
            assertThat(b.attempt()).isEqualTo(2);
            assertThat(b.reservation()).isEqualTo(first.reservation());
        });
        assertThat(f.counter("weir_reservation_batches_resent")).isEqualTo(1);

        assertThat(registry.onBatchResult(first.batchId(), BatchOutcome.SUCCESS)).isFalse();
        assertThat(registry.pendingCount()).isEqualTo(1);
        assertThat(registry.onBatchResult(resent.getFirst().batchId(), BatchOutcome.SUCCESS)).isTrue();
        assertThat(registry.pendingCount()).isZero();
    }

    @Test
    void anAnsweredBatchIsNotResent() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        registry.upsert(Requests.of("j-2", 1).build());
        f.advance(3_000);
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.SUCCESS);
        var second = f.dispatcher.drain();

        f.advance(3_000);

        assertThat(second).extracting(b -> b.reservation().key().toString()).containsExactly("j-2/1");
        assertThat(f.dispatcher.sent()).isEmpty();
    }

    @Test
    void aDispatcherThatThrowsHasItsBatchResentAfterTheTimeout() {
        var calls = new int[1];
        var registry = new ReservationRegistry("default", ReservationRegistryConfig.DEFAULTS, batch -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("placement unavailable");
            }
        }, f.clock::get, f.meters);
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());

        f.clock.addAndGet(5_000);
        registry.tick();

        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void noResourcesKeepsTheReservationFirstAndWaitsForCapacity() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).at(1).build());
        registry.upsert(Requests.of("j-2", 1).at(2).build());
        var first = f.dispatcher.drain().getFirst();

        registry.onBatchResult(first.batchId(), BatchOutcome.NO_RESOURCES);

        assertThat(f.dispatcher.sent()).isEmpty();
        var group = registry.view().groups().getFirst();
        assertThat(group.waitingForCapacity()).isTrue();
        assertThat(group.reservations()).extracting(ReservationView::jobId).containsExactly("j-1", "j-2");
        assertThat(group.reservations()).extracting(ReservationView::inFlight).containsExactly(false, false);
    }

    @Test
    void noResourcesIsRetriedWhenCapacityChanges() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.NO_RESOURCES);
        f.advance(1_000);
        assertThat(f.dispatcher.sent()).isEmpty();

        registry.onCapacityChanged();

        assertThat(f.dispatcher.drain()).singleElement().satisfies(b -> {
            assertThat(b.reservation().key().toString()).isEqualTo("j-1/1");
            assertThat(b.attempt()).isEqualTo(2);
        });
        assertThat(registry.view().groups().getFirst().waitingForCapacity()).isFalse();
    }

    @Test
    void noResourcesIsRetriedByTheFallbackTimerWithoutACapacityChange() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).build());
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.NO_RESOURCES);

        f.advance(4_999);
        assertThat(f.dispatcher.sent()).isEmpty();
        f.advance(1);
        assertThat(f.dispatcher.keys()).containsExactly("j-1/1");
    }

    @Test
    void aHigherPriorityArrivalIsTriedAtOnceWhileTheGroupWaitsForCapacity() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).type(ReservationType.NEW_JOB).workers(1, 2, 3).build());
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.NO_RESOURCES);

        registry.upsert(Requests.of("j-2", 1).type(ReservationType.REPLACE).build());
        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");

        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.SUCCESS);
        assertThat(f.dispatcher.sent()).as("j-1 still waits for capacity").isEmpty();
        registry.onCapacityChanged();
        assertThat(f.dispatcher.keys()).containsExactly("j-1/1");
    }

    @Test
    void aLowerPriorityArrivalWaitsBehindTheBlockedFirstReservation() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).type(ReservationType.REPLACE).build());
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.NO_RESOURCES);

        registry.upsert(Requests.of("j-2", 1).type(ReservationType.NEW_JOB).build());

        assertThat(f.dispatcher.sent()).isEmpty();
    }

    @Test
    void noResourcesInOneGroupDoesNotBlockAnother() {
        registry.markReady();
        registry.upsert(Requests.of("j-1", 1).machine(8, 8192).build());
        registry.onBatchResult(f.dispatcher.drain().getFirst().batchId(), BatchOutcome.NO_RESOURCES);

        registry.upsert(Requests.of("j-2", 1).machine(1, 512).build());

        assertThat(f.dispatcher.keys()).containsExactly("j-2/1");
    }

    @Test
    void theRegistryMarksItselfReadyAfterTheAutoReadyTimeout() {
        registry.upsert(Requests.of("j-1", 1).build());
        f.advance(4_999);
        assertThat(registry.isReady()).isFalse();

        f.advance(1);

        assertThat(registry.isReady()).isTrue();
        assertThat(f.dispatcher.keys()).containsExactly("j-1/1");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new ReservationRegistryConfig(0, 5_000, 5_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inFlightTimeoutMillis: 0 (expected: > 0)");
    }
}
