package io.weir.master.scheduler.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each answer to the batch in flight does to a group of two reservations, as a table. */
class ReservationRegistryOutcomeTableTest {

    @ParameterizedTest(name = "{0}: pending {1}, next sent {2}, waiting {3}")
    @CsvSource({
        "SUCCESS,      1, true,  false",
        "FAILED,       1, true,  false",
        "NO_RESOURCES, 2, false, true",
    })
    void eachOutcomeMovesTheGroupAsTheTableSays(BatchOutcome outcome, int pending, boolean nextSent,
            boolean waiting) {
        var f = new RegistryFixture();
        f.registry.markReady();
        f.registry.upsert(Requests.of("j-1", 1).at(1).build());
        f.registry.upsert(Requests.of("j-2", 1).at(2).build());
        var first = f.dispatcher.drain().getFirst();

        assertThat(f.registry.onBatchResult(first.batchId(), outcome)).isTrue();

        assertThat(f.registry.pendingCount()).isEqualTo(pending);
        assertThat(f.dispatcher.keys()).isEqualTo(nextSent ? List.of("j-2/1") : List.of());
        assertThat(f.registry.view().groups().getFirst().waitingForCapacity()).isEqualTo(waiting);
        assertThat(f.registry.onBatchResult(first.batchId(), outcome)).as("a second answer is stale").isFalse();
    }
}
