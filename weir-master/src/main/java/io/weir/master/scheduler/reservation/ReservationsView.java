package io.weir.master.scheduler.reservation;

import java.util.List;

/**
 * What {@code GET /api/v1/resourceClusters/{id}/reservations} shows: whether the registry places yet, and every
 * pending reservation per constraint group, in processing order.
 */
public record ReservationsView(String resourceCluster, boolean ready, int pendingReservations,
        List<ConstraintGroupView> groups) {

    public ReservationsView {
        groups = List.copyOf(groups);
    }
}
