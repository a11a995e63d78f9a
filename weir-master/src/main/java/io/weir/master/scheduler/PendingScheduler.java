package io.weir.master.scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler with no task executors: it keeps every reservation pending and places nothing. The master runs with it
 * until a resource cluster is configured; reservations stay visible so an operator can see what is waiting.
 */
public final class PendingScheduler implements WorkerScheduler {

    private static final Logger log = LoggerFactory.getLogger(PendingScheduler.class);

    private final Map<String, ReservationRequest> pending = new ConcurrentHashMap<>();

    @Override
    public void upsertReservation(ReservationRequest request) {
        pending.put(request.jobId() + "/" + request.stage(), request);
        log.info("Reservation for {} stage {} ({} workers, {}) waits: no task executors are connected",
                request.jobId(), request.stage(), request.workers().size(), request.type());
    }

    @Override
    public boolean cancelReservation(String jobId, int stage) {
        return pending.remove(jobId + "/" + stage) != null;
    }

    @Override
    public void markReady() {
        log.info("Scheduler ready; {} reservations pending", pending.size());
    }

    @Override
    public void terminateWorker(String jobId, int workerNumber, String taskExecutorId) {
    }

    /** Reservations waiting, for views and tests. */
    public Map<String, ReservationRequest> pending() {
        return Map.copyOf(pending);
    }
}
