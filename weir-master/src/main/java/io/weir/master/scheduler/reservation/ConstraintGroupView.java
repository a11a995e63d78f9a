package io.weir.master.scheduler.reservation;

import io.weir.core.model.MachineDefinition;
import java.util.List;

/**
 * One constraint group: its canonical key, the rounded machine it asks for, whether it waits for capacity after a
 * "no resources" answer, and its reservations in processing order.
 */
public record ConstraintGroupView(String constraintKey, MachineDefinition machine, boolean waitingForCapacity,
        List<ReservationView> reservations) {

    public ConstraintGroupView {
        reservations = List.copyOf(reservations);
    }
}
