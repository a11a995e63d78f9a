package io.weir.master.scheduler.reservation;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.WorkerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending reservations of one resource cluster and the order they are placed in: one queue per
 * {@link ConstraintKey}, processed in {@link Reservation#PROCESSING_ORDER}, at most one {@link AllocationBatch} in
 * flight per queue, queues independent of each other. Event-driven: a batch goes out as soon as its group is free,
 * "no resources" is retried when capacity changes, and {@link #tick()} only handles timeouts.
 *
 * <p>A single-threaded state machine: owned by one thread, the resource cluster's loop, and never touched from
 * another thread. It has no locks and no threads of its own; time comes from the injected clock. Commands come in
 * as method calls, batches go out through the {@link BatchDispatcher}.
 */
public final class ReservationRegistry {

    private static final Logger log = LoggerFactory.getLogger(ReservationRegistry.class);

    private final String resourceCluster;
    private final ReservationRegistryConfig config;
    private final BatchDispatcher dispatcher;
    private final LongSupplier clockMillis;
    private final ReservationMetrics metrics;
    private final long createdAtMillis;

    private final Map<ConstraintKey, ConstraintGroup> groups = new LinkedHashMap<>();
    private final Map<ReservationKey, List<PendingReservation>> byKey = new HashMap<>();
    private final Map<Long, ConstraintGroup> inFlight = new HashMap<>();
    private long nextBatchId = 1;
    private long nextSequence;
    private int pendingCount;
    private boolean ready;
    private boolean dispatching;

    /**
     * A registry for {@code resourceCluster} that sends batches to {@code dispatcher}; {@code clockMillis} is a
     * monotonic millisecond clock; meters are tagged {@code cluster=resourceCluster}, so create one registry per
     * resource cluster and meter registry.
     */
    public ReservationRegistry(String resourceCluster, ReservationRegistryConfig config, BatchDispatcher dispatcher,
            LongSupplier clockMillis, MeterRegistry meters) {
        this.resourceCluster = Objects.requireNonNull(resourceCluster, "resourceCluster");
        this.config = Objects.requireNonNull(config, "config");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.metrics = new ReservationMetrics(Objects.requireNonNull(meters, "meters"), resourceCluster);
        this.createdAtMillis = clockMillis.getAsLong();
    }

    /** Adds or updates the reservation a scheduler request asks for; see {@link #upsert(Reservation)}. */
    public UpsertResult upsert(ReservationRequest request) {
        return upsert(Reservation.from(Objects.requireNonNull(request, "request")));
    }

    /**
     * Adds {@code reservation}. An identical pending one (same key, constraint key, workers and target size) keeps
     * its place instead. Older pending reservations of the key with a larger target size are dropped, in flight
     * or not (a scale-down cancels a pending scale-up); the others stay and accumulate. A reservation without
     * workers is not queued.
     */
    public UpsertResult upsert(Reservation reservation) {
        Objects.requireNonNull(reservation, "reservation");
        checkNotReentered();
        List<PendingReservation> older = byKey.getOrDefault(reservation.key(), List.of());
        for (PendingReservation p : older) {
            if (p.reservation.sameShapeAs(reservation)) {
                metrics.duplicate();
                return UpsertResult.DUPLICATE;
            }
        }
        Set<ConstraintGroup> touched = new LinkedHashSet<>();
        boolean dropped = false;
        for (PendingReservation p : List.copyOf(older)) {
            if (p.reservation.stageTargetSize() > reservation.stageTargetSize()) {
                log.info("Reservation {} (target {}) dropped: target size is now {}", reservation.key(),
                        p.reservation.stageTargetSize(), reservation.stageTargetSize());
                touched.add(remove(p));
                dropped = true;
            }
        }
        UpsertResult result;
        if (reservation.workers().isEmpty()) {
            result = UpsertResult.NOTHING_TO_PLACE;
        } else {
            var pending = new PendingReservation(reservation, nextSequence++);
            var group = groups.computeIfAbsent(reservation.constraintKey(), ConstraintGroup::new);
            group.add(pending);
            byKey.computeIfAbsent(reservation.key(), k -> new ArrayList<>(1)).add(pending);
            metrics.pending(++pendingCount);
            touched.add(group);
            result = dropped ? UpsertResult.QUEUED_DROPPING_OLDER : UpsertResult.QUEUED;
        }
        touched.forEach(this::pump);
        return result;
    }

    /**
     * Drops every pending reservation of (job, stage), the one in flight included (its answer will be ignored), and
     * lets the affected groups send their next batch; true when something was pending.
     */
    public boolean cancel(String jobId, int stage) {
        Objects.requireNonNull(jobId, "jobId");
        checkNotReentered();
        List<PendingReservation> pending = byKey.get(new ReservationKey(jobId, stage));
        if (pending == null) {
            return false;
        }
        Set<ConstraintGroup> touched = new LinkedHashSet<>();
        for (PendingReservation p : List.copyOf(pending)) {
            touched.add(remove(p));
        }
        touched.forEach(this::pump);
        return true;
    }

    /** Starts placing: the master has recovered its state. Until then, or the auto-ready timeout, nothing is sent. */
    public void markReady() {
        checkNotReentered();
        if (ready) {
            return;
        }
        ready = true;
        log.info("Reservation registry of {} ready; {} reservations pending", resourceCluster, pendingCount);
        List.copyOf(groups.values()).forEach(this::pump);
    }

    /** True once {@link #markReady()} was called or the auto-ready timeout passed. */
    public boolean isReady() {
        return ready;
    }

    /**
     * Placement's answer to batch {@code batchId}. An answer to a batch that is no longer in flight (cancelled,
     * dropped by an update, resent after a timeout, or unknown) is ignored and returns false.
     */
    public boolean onBatchResult(long batchId, BatchOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        checkNotReentered();
        ConstraintGroup group = inFlight.remove(batchId);
        if (group == null) {
            metrics.stale();
            log.debug("Ignored {} for batch {}: it is no longer in flight", outcome, batchId);
            return false;
        }
        metrics.result(outcome);
        PendingReservation pending = group.finishBatch();
        switch (outcome) {
            case SUCCESS, FAILED -> remove(pending);
            case NO_RESOURCES -> group.waitForCapacity(pending, clockMillis.getAsLong());
        }
        pump(group);
        return true;
    }

    /** Capacity appeared (an agent registered, a worker ended): groups waiting for it try again now. */
    public void onCapacityChanged() {
        checkNotReentered();
        for (ConstraintGroup group : List.copyOf(groups.values())) {
            group.stopWaiting();
            pump(group);
        }
    }

    /**
     * Handles time, called periodically by the owner: marks the registry ready after the auto-ready timeout, resends
     * batches unanswered for the in-flight timeout (with a new batch id), and retries groups that waited for capacity
     * for the fallback retry interval.
     */
    public void tick() {
        checkNotReentered();
        long now = clockMillis.getAsLong();
        if (!ready && now - createdAtMillis >= config.autoReadyMillis()) {
            log.info("Reservation registry of {} marks itself ready: nobody did within {} ms", resourceCluster,
                    config.autoReadyMillis());
            markReady();
        }
        for (ConstraintGroup group : List.copyOf(groups.values())) {
            if (group.inFlightExpired(now, config.inFlightTimeoutMillis())) {
                log.warn("Batch {} for {} unanswered after {} ms; sending it again", group.inFlightBatchId(),
                        group.inFlight().reservation.key(), config.inFlightTimeoutMillis());
                inFlight.remove(group.inFlightBatchId());
                group.finishBatch();
                metrics.resent();
                pump(group);
            } else if (group.retryDue(now, config.noResourcesRetryMillis())) {
                group.stopWaiting();
                pump(group);
            }
        }
    }

    /** How many reservations are pending, in flight included. */
    public int pendingCount() {
        return pendingCount;
    }

    /** The pending reservations per constraint group, in processing order. */
    public ReservationsView view() {
        checkNotReentered();
        var groupViews = new ArrayList<ConstraintGroupView>(groups.size());
        for (ConstraintGroup group : groups.values()) {
            var reservations = new ArrayList<ReservationView>(group.queue().size());
            for (PendingReservation p : group.queue()) {
                Reservation r = p.reservation;
                reservations.add(new ReservationView(r.key().jobId(), r.key().stage(), r.priority(),
                        r.requestedWorkers(), r.workers().stream().map(WorkerRequest::workerNumber).toList(),
                        r.stageTargetSize(), p == group.inFlight(), p.dispatches()));
            }
            groupViews.add(new ConstraintGroupView(group.key().canonical(), group.key().roundedMachine(),
                    group.waitingForCapacity(), reservations));
        }
        return new ReservationsView(resourceCluster, ready, pendingCount, groupViews);
    }

    /** Sends the group's next batch when the registry is ready and the group is free. */
    private void pump(ConstraintGroup group) {
        if (!ready) {
            return;
        }
        PendingReservation next = group.dispatchable();
        if (next == null) {
            return;
        }
        long batchId = nextBatchId++;
        group.startBatch(next, batchId, clockMillis.getAsLong());
        inFlight.put(batchId, group);
        var batch = new AllocationBatch(batchId, next.nextAttempt(), group.key(), next.reservation);
        metrics.dispatched();
        dispatching = true;
        try {
            dispatcher.dispatch(batch);
        } catch (RuntimeException e) {
            log.warn("Dispatching batch {} for {} failed; it is sent again after {} ms", batchId,
                    next.reservation.key(), config.inFlightTimeoutMillis(), e);
        } finally {
            dispatching = false;
        }
    }

    /** Removes a pending reservation everywhere and returns its group, which may now be idle and forgotten. */
    private ConstraintGroup remove(PendingReservation pending) {
        ConstraintGroup group = groups.get(pending.reservation.constraintKey());
        if (group.inFlight() == pending) {
            inFlight.remove(group.inFlightBatchId());
        }
        group.remove(pending);
        List<PendingReservation> ofKey = byKey.get(pending.reservation.key());
        ofKey.remove(pending);
        if (ofKey.isEmpty()) {
            byKey.remove(pending.reservation.key());
        }
        metrics.pending(--pendingCount);
        if (group.idle()) {
            groups.remove(group.key());
        }
        return group;
    }

    private void checkNotReentered() {
        if (dispatching) {
            throw new IllegalStateException("ReservationRegistry called from its BatchDispatcher"
                    + " (expected: answers posted to the owner's loop)");
        }
    }
}
