package io.weir.master.scheduler.reservation;

import static io.weir.master.scheduler.ReservationType.NEW_JOB;
import static io.weir.master.scheduler.ReservationType.REPLACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reservations endpoint shows, and its JSON. */
class ReservationsViewTest {

    private final RegistryFixture f = new RegistryFixture();

    @Test
    void showsEveryGroupsReservationsInProcessingOrderWithWhatIsInFlight() {
        f.registry.markReady();
        f.registry.upsert(Requests.of("j-1", 1).type(NEW_JOB).tier(1).at(10).workers(1, 2).target(2).build());
        f.registry.upsert(Requests.of("j-2", 2).type(REPLACE).at(20).workers(5).target(3).build());
        f.registry.upsert(Requests.of("j-3", 1).machine(2, 2048).hard("zone=a").build());

        var view = f.registry.view();

        assertThat(view.resourceCluster()).isEqualTo("default");
        assertThat(view.ready()).isTrue();
        assertThat(view.pendingReservations()).isEqualTo(3);
        assertThat(view.groups()).hasSize(2);
        var first = view.groups().getFirst();
        assertThat(first.constraintKey()).isEqualTo("cpu=1.0,mem=512MB,disk=1024MB,net=128Mbps,ports=1||");
        assertThat(first.reservations()).containsExactly(
                new ReservationView("j-2", 2, new ReservationPriority(REPLACE, 0, 20), 1, List.of(5), 3, false, 0),
                new ReservationView("j-1", 1, new ReservationPriority(NEW_JOB, 1, 10), 2, List.of(1, 2), 2, true, 1));
        assertThat(view.groups().get(1).constraintKey()).endsWith("|zone=a");
    }

    @Test
    void serializesToJson() throws Exception {
        f.registry.upsert(Requests.of("j-1", 1).type(REPLACE).tier(0).at(5).workers(7).target(2).build());

        JsonNode json = Json.strict().readTree(Json.strict().writeValueAsString(f.registry.view()));

        assertThat(json.get("ready").asBoolean()).isFalse();
        assertThat(json.get("pendingReservations").asInt()).isEqualTo(1);
        JsonNode group = json.get("groups").get(0);
        assertThat(group.get("constraintKey").asText()).startsWith("cpu=1.0,mem=512MB");
        assertThat(group.get("machine").get("memoryMB").asInt()).isEqualTo(512);
        assertThat(group.get("waitingForCapacity").asBoolean()).isFalse();
        JsonNode reservation = group.get("reservations").get(0);
        assertThat(reservation.get("jobId").asText()).isEqualTo("j-1");
        assertThat(reservation.get("priority").get("type").asText()).isEqualTo("REPLACE");
        assertThat(reservation.get("priority").get("timestamp").asLong()).isEqualTo(5);
        assertThat(reservation.get("requestedWorkers").asInt()).isEqualTo(1);
        assertThat(reservation.get("stageTargetSize").asInt()).isEqualTo(2);
        assertThat(reservation.get("inFlight").asBoolean()).isFalse();
    }

    @Test
    void countsPendingReservationsAndBatchesInMetrics() {
        f.registry.upsert(Requests.of("j-1", 1).build());
        f.registry.upsert(Requests.of("j-2", 1).build());
        f.registry.markReady();
        f.registry.onBatchResult(f.dispatcher.last().batchId(), BatchOutcome.SUCCESS);

        assertThat(f.meters.get("weir_reservations_pending").tag("cluster", "default").gauge().value())
                .isEqualTo(1.0);
        assertThat(f.counter("weir_reservation_batches_dispatched")).isEqualTo(2);
        assertThat(f.meters.get("weir_reservation_results").tag("outcome", "SUCCESS").counter().count())
                .isEqualTo(1);
    }
}
