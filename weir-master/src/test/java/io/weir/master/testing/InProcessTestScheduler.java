package io.weir.master.testing;

import io.weir.core.model.WorkerPorts;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.scheduler.WorkerScheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler stub for tests of the control plane only: once marked ready, it "places" every requested worker at once
 * on a fake task executor at 127.0.0.1 with a made-up port, and records every call for assertions.
 */
public final class InProcessTestScheduler implements WorkerScheduler {

    private final SchedulingListener listener;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger nextPort = new AtomicInteger(20_000);
    public final List<ReservationRequest> upserts = new CopyOnWriteArrayList<>();
    public final List<String> cancels = new CopyOnWriteArrayList<>();
    public final List<String> terminated = new CopyOnWriteArrayList<>();
    private final List<ReservationRequest> waiting = new CopyOnWriteArrayList<>();

    public InProcessTestScheduler(SchedulingListener listener) {
        this.listener = listener;
    }

    private volatile long stallNextUpsertMillis;

    /** Tells the master the worker's task executor was lost, as a resource cluster does. */
    public void loseWorker(String jobId, int workerNumber) {
        listener.workerLost(jobId, workerNumber, "Lost: task executor fake missed heartbeats");
    }

    /** The next upsert blocks its caller (the master's control loop) this long, like a slow store would. */
    public void stallNextUpsert(long millis) {
        stallNextUpsertMillis = millis;
    }

    @Override
    public void upsertReservation(ReservationRequest request) {
        long stall = stallNextUpsertMillis;
        if (stall > 0) {
            stallNextUpsertMillis = 0;
            java.util.concurrent.locks.LockSupport.parkNanos(stall * 1_000_000);
        }
        upserts.add(request);
        if (ready.get()) {
            place(request);
        } else {
            waiting.add(request);
        }
    }

    private void place(ReservationRequest request) {
        for (WorkerRequest w : request.workers()) {
            String executor = "fake-executor-" + (w.workerNumber() % 3);
            listener.workerLaunched(w.jobId(), w.workerNumber(), executor, "127.0.0.1",
                    new WorkerPorts(List.of(nextPort.getAndIncrement()), null, null)).thenAccept(launched -> {
                        if (!launched) {
                            terminateWorker(w.jobId(), w.workerNumber(), executor);
                        }
                    });
        }
    }

    @Override
    public void cancelReservation(String jobId, int stage) {
        cancels.add(jobId + "/" + stage);
        waiting.removeIf(r -> r.jobId().equals(jobId) && r.stage() == stage);
    }

    @Override
    public void markReady() {
        ready.set(true);
        waiting.forEach(this::place);
        waiting.clear();
    }

    public boolean isReady() {
        return ready.get();
    }

    @Override
    public void terminateWorker(String jobId, int workerNumber, String taskExecutorId) {
        terminated.add(jobId + "#" + workerNumber);
    }
}
