package io.weir.core.model;

import static io.weir.core.model.WorkerState.Accepted;
import static io.weir.core.model.WorkerState.Completed;
import static io.weir.core.model.WorkerState.Failed;
import static io.weir.core.model.WorkerState.Launched;
import static io.weir.core.model.WorkerState.StartInitiated;
import static io.weir.core.model.WorkerState.Started;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerStateTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "Accepted, Launched, true", "Accepted, Started, false", "Accepted, StartInitiated, false", "Accepted, Failed, true", "Accepted, Accepted, false",
        "Launched, StartInitiated, true", "Launched, Started, true", "Launched, Accepted, false",
        "StartInitiated, Started, true", "StartInitiated, Launched, false", "StartInitiated, Failed, true",
        "Started, Completed, true", "Started, Failed, true", "Started, StartInitiated, false", "Started, Launched, false",
        "Started, Started, false",
        "Completed, Started, false", "Completed, Failed, false", "Failed, Started, false", "Failed, Accepted, false"})
    void transitionTable(WorkerState from, WorkerState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"Accepted, false", "Launched, false", "StartInitiated, false", "Started, false", "Completed, true", "Failed, true"})
    void onlyCompletedAndFailedAreTerminal(WorkerState state, boolean terminal) {
        assertThat(state.isTerminal()).isEqualTo(terminal);
        if (terminal) {
            for (var next : WorkerState.values()) {
                assertThat(state.canMoveTo(next)).isFalse();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void everyStateIsInTheTable() {
        for (var s : WorkerState.values()) {
            assertThat(s.canMoveTo(Accepted)).isFalse();
        }
        assertThat(Launched.canMoveTo(Completed)).isTrue();
        assertThat(StartInitiated.canMoveTo(Completed)).isTrue();
        assertThat(Started.canMoveTo(Failed)).isTrue();
        assertThat(Failed.isTerminal()).isTrue();
    }
}
