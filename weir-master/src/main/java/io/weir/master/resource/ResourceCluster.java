package io.weir.master.resource;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.executor.WorkerRef;
import io.weir.core.model.FailureKind;
import io.weir.core.model.MachineDefinition;
import io.weir.core.model.WorkerEvent;
import io.weir.core.model.WorkerPorts;
import io.weir.core.model.WorkerState;
import io.weir.master.loop.ControlLoop;
import io.weir.master.scheduler.LaunchSpec;

import io.weir.master.store.ExecutorStore;
import io.weir.master.scheduler.ReservationRequest;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerRequest;
import io.weir.master.scheduler.reservation.AllocationBatch;
import io.weir.master.scheduler.reservation.BatchOutcome;
import io.weir.master.scheduler.reservation.ReservationRegistry;
import io.weir.master.scheduler.reservation.ReservationsView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource cluster: its task executors, what runs where, and the reservations waiting for room. Placement is
 * event-driven: a reservation is placed as soon as it arrives and its group is free, and "no resources" is retried
 * when capacity appears. Everything runs on the cluster's own loop; public methods hop onto it.
 */
public final class ResourceCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResourceCluster.class);

    private final String id;
    private final ResourceClusterConfig config;
    private final ControlLoop loop;
    private final AgentGateway agents;
    private final SchedulingListener listener;
    private final ExecutorStore store;
    private final Clock clock;
    private final Map<String, TaskExecutor> executors = new LinkedHashMap<>();
    private final Map<WorkerRef, String> placed = new HashMap<>();
    private final ReservationRegistry registry;
    private final List<ReservationRequest> directPending = new ArrayList<>();
    private final Map<String, LaunchSpec> launchSpecs = new HashMap<>();
    private final Map<String, String> waitingReasons = new HashMap<>();
    private final PortQuarantine quarantine;
    private boolean ready;
    private final io.weir.master.loop.StallDetector stall;

    ResourceCluster(String id, ResourceClusterConfig config, AgentGateway agents, SchedulingListener listener,
                    ExecutorStore store, Clock clock, MeterRegistry meters) {
        this.id = id;
        this.config = config;
        this.loop = new ControlLoop("weir-resource-cluster-" + id);
        this.agents = agents;
        this.listener = listener;
        this.store = store;
        this.clock = clock;
        this.stall = new io.weir.master.loop.StallDetector(config.tickMillis(), config.heartbeatTimeoutMillis() / 2);
        this.registry = new ReservationRegistry(id, config.reservations(), this::dispatch, clock::millis, meters);
        this.quarantine = new PortQuarantine(id, config.portQuarantineMillis(), meters);
        loop.every(this::tick, config.tickMillis());
    }

    public String id() {
        return id;
    }

    // ------------------------------------------------------------ agents

    /**
     * Registers an agent instance, durably, then retries anything waiting for room. The same instance registering again
     * keeps its workers; another instance takes over the id only when the registered one is no longer live, and that
     * one's workers are failed as lost. Fails with a {@link io.weir.master.job.ConflictException} as
     * {@link ExecutorAdmission} says.
     */
    public CompletableFuture<Void> register(TaskExecutorRegistration r) {
        return loop.call(() -> {
            long now = clock.millis();
            ExecutorAdmission.checkRegistration(executors.values(), r, now, config.heartbeatTimeoutMillis());
            store.saveExecutor(id, r);
            var existing = executors.get(r.id());
            if (existing == null) {
                executors.put(r.id(), new TaskExecutor(r, now, true));
                log.info("Task executor {} registered in {} at {} ({} cores, {} MB, ports {})", r.id(), id, r.agentUrl(),
                        r.machine().cpuCores(), r.machine().memoryMB(), r.ports());
            } else if (existing.isInstance(r.instanceId())) {
                existing.reregister(r, now);
                log.info("Task executor {} registered again in {}", r.id(), id);
            } else {
                takeOver(existing, r, now);
            }
            capacityChanged();
            return null;
        });
    }

    private void takeOver(TaskExecutor old, TaskExecutorRegistration r, long now) {
        String was = old.isLost() ? "lost" : "not heard from since " + (now - old.lastHeartbeatMillis()) + " ms";
        log.warn("Task executor {} in {}: agent instance {} at {} takes over from instance {} at {} ({}); failing its {} worker(s) as lost",
                r.id(), id, r.instanceId(), r.agentUrl(), old.registration().instanceId(), old.registration().agentUrl(), was,
                old.allocations().size());
        loseWorkers(old, "Lost: task executor " + r.id() + " was taken over by a new agent instance at " + r.agentUrl());
        executors.put(r.id(), new TaskExecutor(r, now, true));
        quarantine.count(executors.values());
    }

    /**
     * A heartbeat; false when the executor is unknown or was declared lost, so it must register again. Fails with a
     * {@link io.weir.master.job.ConflictException} when {@code instanceId} was superseded by another instance.
     */
    public CompletableFuture<Boolean> heartbeat(String executorId, String instanceId, List<WorkerRef> running) {
        return loop.call(() -> {
            var e = executors.get(executorId);
            if (e == null) {
                return false;
            }
            ExecutorAdmission.checkInstance(e, instanceId);
            if (e.isLost()) {
                return false;
            }
            long now = clock.millis();
            e.heartbeat(now);
            var reported = new java.util.HashSet<>(running);
            boolean freed = false;
            for (var a : List.copyOf(e.allocations().values())) {
                boolean gone = e.isStopping(a.worker()) || now - a.sinceMillis() > config.heartbeatTimeoutMillis() * 3;
                if (!reported.contains(a.worker()) && gone) {
                    freed |= release(a.worker());
                }
            }
            if (freed) {
                capacityChanged();
            }
            return true;
        });
    }

    /** An agent left cleanly after stopping its workers; refused as {@link #heartbeat} is for a superseded instance. */
    public CompletableFuture<Boolean> disconnect(String executorId, String instanceId) {
        return loop.call(() -> {
            var e = executors.get(executorId);
            if (e == null) {
                store.deleteExecutor(executorId);
                return false;
            }
            ExecutorAdmission.checkInstance(e, instanceId);
            executors.remove(executorId);
            store.deleteExecutor(executorId);
            loseWorkers(e, "task executor " + executorId + " disconnected");
            quarantine.count(executors.values());
            log.info("Task executor {} disconnected from {}", executorId, id);
            return true;
        });
    }

    /**
     * Forgets an agent that is gone: lost, or restored from the store and not heard from since this master started.
     * Returns false for an unknown id; refuses (409) a live one, which would only register again.
     */
    public CompletableFuture<Boolean> forget(String executorId) {
        return loop.call(() -> {
            var e = executors.get(executorId);
            if (e == null) {
                return false;
            }
            if (e.isLive(clock.millis(), config.heartbeatTimeoutMillis())) {
                throw new io.weir.master.job.ConflictException("agent " + executorId + " is live (last heartbeat "
                        + (clock.millis() - e.lastHeartbeatMillis()) + " ms ago): stop it first; a running agent registers again");
            }
            executors.remove(executorId);
            store.deleteExecutor(executorId);
            loseWorkers(e, "task executor " + executorId + " was forgotten");
            quarantine.count(executors.values());
            log.info("Task executor {} forgotten in {} (it was {})", executorId, id, e.isLost() ? "lost" : "not heard from since the master started");
            return true;
        });
    }

    /**
     * Worker events an agent instance reported: refused as {@link #heartbeat} is for a superseded instance (an unknown
     * executor's are accepted: the master may have restarted without its record). Workers that ended free their room,
     * except the ports of a worker that failed with {@link FailureKind#PORT_IN_USE}: those are quarantined
     * ({@link PortQuarantine}).
     */
    public CompletableFuture<Void> workerEvents(String executorId, String instanceId, List<WorkerEvent> events) {
        return loop.call(() -> {
            var e = executors.get(executorId);
            if (e != null) {
                ExecutorAdmission.checkInstance(e, instanceId);
            }
            boolean freed = false;
            for (var event : events) {
                if (event == null || event.state() == null || !event.state().isTerminal() || event.jobId() == null
                        || event.workerNumber() == null) {
                    continue;
                }
                var ref = new WorkerRef(event.jobId(), event.workerNumber());
                if (e != null && event.state() == WorkerState.Failed && event.failureKind() == FailureKind.PORT_IN_USE
                        && executorId.equals(placed.get(ref)) && e.allocations().containsKey(ref)) {
                    quarantine.portInUse(e, e.allocations().get(ref), clock.millis(), executors.values());
                }
                freed |= release(ref);
            }
            if (freed) {
                capacityChanged();
            }
            return null;
        });
    }

    private void tick() {
        long now = clock.millis();
        long late = stall.tick(now);
        if (late > 0) {
            log.warn("Resource cluster {} was stalled for {} ms; agents' heartbeat deadlines move by as much", id, late);
            executors.values().forEach(e -> e.extendDeadline(late));
        }
        for (var e : List.copyOf(executors.values())) {
            if (!e.isLost() && now - e.lastHeartbeatMillis() > config.heartbeatTimeoutMillis()) {
                e.markLost();
                log.warn("Task executor {} in {} is lost: no heartbeat for {} ms", e.id(), id, now - e.lastHeartbeatMillis());
                loseWorkers(e, "Lost: task executor " + e.id() + " missed heartbeats for " + (now - e.lastHeartbeatMillis()) + " ms");
            }
        }
        if (quarantine.expire(executors.values(), now)) {
            capacityChanged();
        }
        if (config.direct()) {
            if (ready && !directPending.isEmpty()) {
                retryDirect();
            }
        } else {
            registry.tick();
        }
    }

    private void loseWorkers(TaskExecutor e, String reason) {
        for (var a : List.copyOf(e.allocations().values())) {
            e.release(a.worker());
            placed.remove(a.worker());
            listener.workerLost(a.worker().jobId(), a.worker().workerNumber(), reason);
        }
    }

    private boolean release(WorkerRef w) {
        String executorId = placed.remove(w);
        var e = executorId == null ? null : executors.get(executorId);
        return e != null && e.release(w) != null;
    }

    private void capacityChanged() {
        if (config.direct()) {
            retryDirect();
        } else {
            registry.onCapacityChanged();
        }
    }

    // ------------------------------------------------------------ scheduling

    void upsert(ReservationRequest request) {
        loop.execute(() -> {
            launchSpecs.put(request.jobId(), request.launch());
            if (config.direct()) {
                directPending.add(request);
                retryDirect();
            } else {
                registry.upsert(request);
            }
        });
    }

    void cancel(String jobId, int stage) {
        loop.execute(() -> {
            waitingReasons.remove(jobId + "/" + stage);
            if (config.direct()) {
                directPending.removeIf(r -> r.jobId().equals(jobId) && r.stage() == stage);
            } else {
                registry.cancel(jobId, stage);
            }
        });
    }

    /** Drops what was kept to launch the workers of an ended job. */
    void forgetJob(String jobId) {
        loop.execute(() -> {
            launchSpecs.remove(jobId);
            waitingReasons.keySet().removeIf(k -> k.startsWith(jobId + "/"));
        });
    }

    void markReady() {
        loop.execute(() -> {
            ready = true;
            if (config.direct()) {
                retryDirect();
            } else {
                registry.markReady();
            }
        });
    }

    /**
     * Stops a worker on its agent. Its room (ports, CPU, memory) stays taken until the agent reports it ended or stops
     * listing it, so a replacement never binds a port the draining worker still holds; a lost agent's room is free at once.
     */
    void terminate(String jobId, int workerNumber, String executorId) {
        loop.execute(() -> {
            var ref = new WorkerRef(jobId, workerNumber);
            var e = executors.get(executorId);
            if (e != null) {
                agents.stop(e.registration().agentUrl(), jobId, workerNumber);
            }
            if (e != null && !e.isLost() && e.allocations().containsKey(ref)) {
                e.stopping(ref);
            } else if (release(ref)) {
                capacityChanged();
            }
        });
    }


    void recoverPlacement(WorkerRequest w, String executorId, MachineDefinition machine, List<Integer> ports) {
        loop.execute(() -> {
            var e = executors.get(executorId);
            if (e != null) {
                var ref = Placement.ref(w);
                e.allocate(new Allocation(ref, w.stage(), machine.cpuCores(), machine.memoryMB(), machine.diskMB(), ports, clock.millis()));
                placed.put(ref, executorId);
            }
        });
    }

    /** Called by the registry on this loop: place the batch now, answer it through the loop. */
    private void dispatch(AllocationBatch batch) {
        var r = batch.reservation();
        var outcome = placeAndLaunch(r.workers(), r.machine(), r.hardConstraints(), launchOf(batch), true);
        tellWaiting(r.key().jobId(), r.key().stage(), outcome == BatchOutcome.NO_RESOURCES ? explain(r.workers().size(), r.machine(), r.hardConstraints()) : null);
        loop.execute(() -> registry.onBatchResult(batch.batchId(), outcome));
    }

    private String explain(int workers, MachineDefinition machine, List<String> hardConstraints) {
        return PlacementDiagnosis.explain(id, executors.values(), workers, machine, hardConstraints, clock.millis(),
                config.heartbeatTimeoutMillis() / 2);
    }

    /** Tells the jobs side why a stage waits, once per change of reason. */
    private void tellWaiting(String jobId, int stage, String reason) {
        String key = jobId + "/" + stage;
        String before = reason == null ? waitingReasons.remove(key) : waitingReasons.put(key, reason);
        if (!java.util.Objects.equals(before, reason)) {
            listener.workersWaiting(jobId, stage, reason);
        }
    }

    private LaunchSpec launchOf(AllocationBatch batch) {
        return launchSpecs.get(batch.reservation().key().jobId());
    }

    private void retryDirect() {
        if (!ready) {
            return;
        }
        var it = directPending.iterator();
        while (it.hasNext()) {
            var r = it.next();
            if (placeAndLaunch(r.workers(), r.machine(), r.hardConstraints(), r.launch(), false) != BatchOutcome.NO_RESOURCES) {
                it.remove();
                tellWaiting(r.jobId(), r.stage(), null);
            } else {
                tellWaiting(r.jobId(), r.stage(), explain(r.workers().size(), r.machine(), r.hardConstraints()));
            }
        }
    }

    private BatchOutcome placeAndLaunch(List<WorkerRequest> requested, MachineDefinition machine, List<String> constraints,
                                        LaunchSpec launch, boolean bestFit) {
        var workers = requested.stream().filter(w -> !placed.containsKey(Placement.ref(w))).toList();
        if (workers.isEmpty()) {
            return BatchOutcome.SUCCESS;
        }
        long now = clock.millis();
        var choices = Placement.place(executors.values(), workers, machine, constraints, bestFit, now, config.heartbeatTimeoutMillis() / 2);
        if (choices.isEmpty()) {
            return BatchOutcome.NO_RESOURCES;
        }
        for (var c : choices.get()) {
            var ref = Placement.ref(c.worker());
            var e = c.executor();
            e.allocate(new Allocation(ref, c.worker().stage(), machine.cpuCores(), machine.memoryMB(), machine.diskMB(), c.ports(), now));
            e.lease(now + config.leaseMillis());
            placed.put(ref, e.id());
            var assignment = new WorkerAssignment(ref.jobId(), ref.workerNumber(), c.worker().stage(), c.worker().workerIndex(),
                    launch.totalStages(), launch.jobClass(), launch.artifact(), launch.parameters(), c.ports(),
                    launch.artifactSha256(), launch.jobToken(), machine.cpuCores(), machine.memoryMB());
            String agentUrl = e.registration().agentUrl();
            listener.workerLaunched(ref.jobId(), ref.workerNumber(), e.id(), e.host(), new WorkerPorts(c.ports(), null, null))
                    .whenComplete((durable, failure) -> {
                        if (Boolean.TRUE.equals(durable)) {
                            agents.assign(agentUrl, assignment).whenComplete((ok, error) -> {
                                if (error != null) {
                                    loop.execute(() -> assignmentFailed(e.id(), ref, error));
                                }
                            });
                        } else {
                            loop.execute(() -> {
                                if (release(ref)) {
                                    capacityChanged();
                                }
                            });
                        }
                    });
        }
        return BatchOutcome.SUCCESS;
    }

    private void assignmentFailed(String executorId, WorkerRef ref, Throwable error) {
        var e = executors.get(executorId);
        if (e != null) {
            e.disable();
            log.warn("Task executor {} did not take worker {} after {} attempts ({}); disabled", executorId, ref,
                    AgentClient.ASSIGN_ATTEMPTS, rootMessage(error));
        }
        if (release(ref)) {
            capacityChanged();
        }
        listener.workerLaunchFailed(ref.jobId(), ref.workerNumber(), "task executor " + executorId + " did not accept the worker: "
                + rootMessage(error));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    // ------------------------------------------------------------ views

    public CompletableFuture<List<TaskExecutorView>> executors() {
        return loop.call(() -> {
            long now = clock.millis();
            return executors.values().stream().sorted(Comparator.comparing(TaskExecutor::id)).map(e -> new TaskExecutorView(
                    e.id(), e.host(), e.state(now), e.registration().machine(), e.registration().attributes(),
                    List.copyOf(e.allocations().keySet()), e.registration().metricsUrl(), e.lastHeartbeatMillis(),
                    e.registration().ports())).toList();
        });
    }

    /** The URL of the agent a worker is placed on now, if it is placed in this cluster. */
    public CompletableFuture<java.util.Optional<String>> agentUrlOf(WorkerRef ref) {
        return loop.call(() -> java.util.Optional.ofNullable(placed.get(ref)).map(executors::get)
                .map(e -> e.registration().agentUrl()));
    }

    public CompletableFuture<ReservationsView> reservations() {
        return loop.call(registry::view);
    }

    /** Restores an executor known from the store; it counts as alive for one heartbeat timeout. */
    void restore(TaskExecutorRegistration r) {
        loop.execute(() -> executors.putIfAbsent(r.id(), new TaskExecutor(r, clock.millis(), false)));
    }

    @Override
    public void close() {
        loop.close();
    }
}
