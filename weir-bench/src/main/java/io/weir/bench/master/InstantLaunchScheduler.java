package io.weir.bench.master;

import io.weir.core.model.WorkerPorts;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerScheduler;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A benchmark-only scheduler: places every requested worker at once on a fake executor, so only the master is measured. */
public final class InstantLaunchScheduler implements WorkerScheduler {

    private final SchedulingListener listener;
    private final AtomicInteger port = new AtomicInteger(30_000);

    public InstantLaunchScheduler(SchedulingListener listener) {
        this.listener = listener;
    }

    @Override
    public void upsertReservation(ReservationRequest request) {
        request.workers().forEach(w -> listener.workerLaunched(w.jobId(), w.workerNumber(), "bench-executor", "127.0.0.1",
                new WorkerPorts(List.of(port.incrementAndGet()), null, null)));
    }

    @Override
    public void cancelReservation(String jobId, int stage) {
    }

    @Override
    public void markReady() {
    }

    @Override
    public void terminateWorker(String jobId, int workerNumber, String taskExecutorId) {
    }
}
