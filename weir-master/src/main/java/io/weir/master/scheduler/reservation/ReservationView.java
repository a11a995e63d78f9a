package io.weir.master.scheduler.reservation;

import java.util.List;

/**
 * One pending reservation: its (job, stage), priority, the workers it places, the stage's target size, whether a
 * batch for it is in flight, and how many batches were sent for it so far.
 */
public record ReservationView(String jobId, int stage, ReservationPriority priority, int requestedWorkers,
        List<Integer> workerNumbers, int stageTargetSize, boolean inFlight, int dispatches) {

    public ReservationView {
        workerNumbers = List.copyOf(workerNumbers);
    }
}
