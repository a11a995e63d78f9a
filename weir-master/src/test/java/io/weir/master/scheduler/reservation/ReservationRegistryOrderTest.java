package io.weir.master.scheduler.reservation;

import static io.weir.master.scheduler.ReservationType.NEW_JOB;
import static io.weir.master.scheduler.ReservationType.REPLACE;
import static io.weir.master.scheduler.ReservationType.SCALE;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.master.scheduler.ReservationRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order a group's reservations are placed in. */
class ReservationRegistryOrderTest {

    private final RegistryFixture f = new RegistryFixture();

    @Test
    void replaceBeforeScaleBeforeNewJob() {
        f.registry.upsert(Requests.of("new", 1).type(NEW_JOB).at(1).build());
        f.registry.upsert(Requests.of("scale", 1).type(SCALE).at(2).build());
        f.registry.upsert(Requests.of("replace", 1).type(REPLACE).at(3).build());
        f.registry.markReady();

        assertThat(f.placeEverything()).containsExactly("replace/1", "scale/1", "new/1");
    }

    @Test
    void aReplacementArrivingWhileABatchIsInFlightGoesNext() {
        f.registry.markReady();
        f.registry.upsert(Requests.of("new-1", 1).type(NEW_JOB).at(1).build());
        f.registry.upsert(Requests.of("new-2", 1).type(NEW_JOB).at(2).build());
        f.registry.upsert(Requests.of("replace", 1).type(REPLACE).at(3).build());

        assertThat(f.placeEverything()).containsExactly("new-1/1", "replace/1", "new-2/1");
    }

    @Test
    void fifoWithinATypeAndTier() {
        f.registry.upsert(Requests.of("j-c", 1).type(SCALE).at(300).build());
        f.registry.upsert(Requests.of("j-a", 1).type(SCALE).at(100).build());
        f.registry.upsert(Requests.of("j-b", 1).type(SCALE).at(200).build());
        f.registry.markReady();

        assertThat(f.placeEverything()).containsExactly("j-a/1", "j-b/1", "j-c/1");
    }

    @Test
    void lowerTierFirstWithinAType() {
        f.registry.upsert(Requests.of("transient", 1).tier(1).at(1).build());
        f.registry.upsert(Requests.of("perpetual", 1).tier(0).at(2).build());
        f.registry.markReady();

        assertThat(f.placeEverything()).containsExactly("perpetual/1", "transient/1");
    }

    @Test
    void equalPrioritiesAreOrderedByJobIdThenStageWhateverTheArrivalOrder() {
        var requests = new ArrayList<ReservationRequest>();
        for (String job : List.of("j-1", "j-2", "j-3")) {
            for (int stage = 1; stage <= 3; stage++) {
                requests.add(Requests.of(job, stage).type(SCALE).tier(1).at(7).build());
            }
        }
        var expected = List.of("j-1/1", "j-1/2", "j-1/3", "j-2/1", "j-2/2", "j-2/3", "j-3/1", "j-3/2", "j-3/3");
        for (long seed = 0; seed < 5; seed++) {
            var fixture = new RegistryFixture();
            Collections.shuffle(requests, new Random(seed));
            requests.forEach(fixture.registry::upsert);
            fixture.registry.markReady();

            assertThat(fixture.placeEverything()).as("arrival order with seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void accumulatedReservationsOfOneKeyKeepTheirArrivalOrder() {
        f.registry.upsert(Requests.of("j-1", 1).type(SCALE).at(5).workers(3).target(4).build());
        f.registry.upsert(Requests.of("j-1", 1).type(SCALE).at(5).workers(4).target(5).build());
        f.registry.markReady();

        var placed = new ArrayList<Integer>();
        for (int i = 0; i < 2; i++) {
            var batch = f.dispatcher.drain().getFirst();
            placed.addAll(batch.reservation().workerNumbers());
            f.registry.onBatchResult(batch.batchId(), BatchOutcome.SUCCESS);
        }
        assertThat(placed).containsExactly(3, 4);
    }
}
