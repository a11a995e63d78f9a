package io.weir.master.scheduler;

import io.weir.core.model.MachineDefinition;
import java.util.List;

/**
 * A request for task executors for one (job, stage): the workers still to place, the stage's target size, what each
 * worker needs and where it may run, the priority (type, then tier, then timestamp), and how to launch the workers.
 */
public record ReservationRequest(
        String jobId,
        int stage,
        ReservationType type,
        int tier,
        long timestamp,
        MachineDefinition machine,
        List<String> hardConstraints,
        List<String> softConstraints,
        List<WorkerRequest> workers,
        int stageTargetSize,
        LaunchSpec launch) {

    public ReservationRequest {
        hardConstraints = List.copyOf(hardConstraints);
        softConstraints = List.copyOf(softConstraints);
        workers = List.copyOf(workers);
    }
}
