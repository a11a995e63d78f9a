package io.weir.master.scheduler.reservation;

import io.weir.core.model.MachineDefinition;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.WorkerRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pending request for task executors: the workers of one (job, stage) still to place, the stage's target size,
 * the priority, and what each worker needs and where it may run.
 */
public record Reservation(
        ReservationKey key,
        ConstraintKey constraintKey,
        List<WorkerRequest> workers,
        int stageTargetSize,
        ReservationPriority priority,
        MachineDefinition machine,
        List<String> hardConstraints,
        List<String> softConstraints) {

    /** The total order reservations of a group are processed in: priority, then job id, then stage. */
    public static final Comparator<Reservation> PROCESSING_ORDER =
            Comparator.comparing(Reservation::priority).thenComparing(Reservation::key);

    public Reservation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(constraintKey, "constraintKey");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(machine, "machine");
        workers = List.copyOf(workers);
        hardConstraints = List.copyOf(hardConstraints);
        softConstraints = List.copyOf(softConstraints);
        if (stageTargetSize < 0) {
            throw new IllegalArgumentException("stageTargetSize: " + stageTargetSize + " (expected: >= 0)");
        }
    }

    /** The reservation a scheduler request asks for, with its canonical constraint key. */
    public static Reservation from(ReservationRequest request) {
        Objects.requireNonNull(request, "request");
        return new Reservation(new ReservationKey(request.jobId(), request.stage()),
                ConstraintKey.of(request.machine(), request.hardConstraints()), request.workers(),
                request.stageTargetSize(), new ReservationPriority(request.type(), request.tier(), request.timestamp()),
                request.machine(), request.hardConstraints(), request.softConstraints());
    }

    /** How many workers this reservation places. */
    public int requestedWorkers() {
        return workers.size();
    }

    /** The worker numbers this reservation places. */
    public Set<Integer> workerNumbers() {
        return workers.stream().map(WorkerRequest::workerNumber).collect(Collectors.toUnmodifiableSet());
    }

    /** True when {@code other} asks for the same thing: same key, constraint key, workers and target size. */
    public boolean sameShapeAs(Reservation other) {
        return key.equals(other.key) && constraintKey.equals(other.constraintKey)
                && stageTargetSize == other.stageTargetSize && workerNumbers().equals(other.workerNumbers());
    }
}
