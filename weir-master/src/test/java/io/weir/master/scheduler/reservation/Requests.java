package io.weir.master.scheduler.reservation;

import io.weir.core.model.MachineDefinition;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.ReservationType;
import io.weir.master.scheduler.WorkerRequest;
import java.util.ArrayList;
import java.util.List;

/** Builds reservation requests for tests: {@code Requests.of("j-1", 1).type(SCALE).workers(3, 4).target(5).build()}. */
final class Requests {

    private final String jobId;
    private final int stage;
    private ReservationType type = ReservationType.NEW_JOB;
    private int tier;
    private long timestamp;
    private MachineDefinition machine = MachineDefinition.DEFAULT;
    private List<String> hard = List.of();
    private List<String> soft = List.of();
    private int[] workerNumbers = {1};
    private Integer target;

    private Requests(String jobId, int stage) {
        this.jobId = jobId;
        this.stage = stage;
    }

    static Requests of(String jobId, int stage) {
        return new Requests(jobId, stage);
    }

    Requests type(ReservationType type) {
        this.type = type;
        return this;
    }

    Requests tier(int tier) {
        this.tier = tier;
        return this;
    }

    Requests at(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    Requests machine(double cpu, int memoryMB) {
        this.machine = new MachineDefinition(cpu, memoryMB, null, null, null);
        return this;
    }

    Requests hard(String... constraints) {
        this.hard = List.of(constraints);
        return this;
    }

    Requests soft(String... constraints) {
        this.soft = List.of(constraints);
        return this;
    }

    Requests workers(int... workerNumbers) {
        this.workerNumbers = workerNumbers.clone();
        return this;
    }

    /** The stage's target size; defaults to the number of workers. */
    Requests target(int target) {
        this.target = target;
        return this;
    }

    ReservationRequest build() {
        var workers = new ArrayList<WorkerRequest>();
        for (int i = 0; i < workerNumbers.length; i++) {
            workers.add(new WorkerRequest(jobId, workerNumbers[i], stage, i));
        }
        return new ReservationRequest(jobId, stage, type, tier, timestamp, machine, hard, soft, workers,
                target == null ? workerNumbers.length : target, new io.weir.master.scheduler.LaunchSpec(null, "bench.Job", null, null, 1));
    }
}
