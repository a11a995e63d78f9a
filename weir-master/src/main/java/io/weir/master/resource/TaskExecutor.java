package io.weir.master.resource;

import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.executor.WorkerRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered task executor (one agent instance): what it offers, what its workers hold, and its liveness. Owned by
 * its cluster's loop.
 */
final class TaskExecutor {

    private TaskExecutorRegistration registration;
    private final Map<WorkerRef, Allocation> allocations = new LinkedHashMap<>();
    private final BitSet usedPorts = new BitSet();
    private final java.util.Set<WorkerRef> stopping = new java.util.HashSet<>();
    private final Map<Integer, Long> quarantinedUntil = new java.util.HashMap<>();
    private double usedCpu;
    private int usedMemoryMB;
    private long lastHeartbeatMillis;
    private long leasedUntilMillis;
    private boolean disabled;
    private boolean lost;
    private boolean confirmed;

    /** {@code confirmed}: heard from by this master (false for a registration restored from the store). */
    TaskExecutor(TaskExecutorRegistration registration, long now, boolean confirmed) {
        this.registration = registration;
        this.lastHeartbeatMillis = now;
        this.confirmed = confirmed;
    }

    TaskExecutorRegistration registration() {
        return registration;
    }

    /**
     * The same agent instance registering again (after failed heartbeats, a master restart or being declared lost):
     * new address or resources; allocations stay, the executor is healthy and alive again.
     */
    void reregister(TaskExecutorRegistration r, long now) {
        this.registration = r;
        this.lastHeartbeatMillis = now;
        this.disabled = false;
        this.lost = false;
        this.confirmed = true;
    }

    /** Whether {@code instanceId} names the agent instance registered here (null matches only null). */
    boolean isInstance(String instanceId) {
        return java.util.Objects.equals(registration.instanceId(), instanceId);
    }

    /** Heard from by this master, not declared lost, and heartbeating within {@code timeoutMillis}. */
    boolean isLive(long now, long timeoutMillis) {
        return confirmed && !lost && now - lastHeartbeatMillis <= timeoutMillis;
    }

    String id() {
        return registration.id();
    }

    String host() {
        return registration.host();
    }

    /** Moves the heartbeat deadline {@code millis} later: time the master itself was stalled is not the agent's silence. */
    void extendDeadline(long millis) {
        lastHeartbeatMillis += millis;
    }

    void heartbeat(long now) {
        lastHeartbeatMillis = now;
        confirmed = true;
    }

    long lastHeartbeatMillis() {
        return lastHeartbeatMillis;
    }

    /** Healthy and heard from within {@code freshMillis}: an executor that went quiet gets no new workers. */
    boolean isSchedulable(long now, long freshMillis) {
        return !disabled && !lost && now - lastHeartbeatMillis <= freshMillis;
    }

    void disable() {
        disabled = true;
    }

    void markLost() {
        lost = true;
    }

    boolean isLost() {
        return lost;
    }

    void lease(long untilMillis) {
        leasedUntilMillis = Math.max(leasedUntilMillis, untilMillis);
    }

    TaskExecutorState state(long now) {
        if (lost) {
            return TaskExecutorState.lost;
        }
        if (disabled) {
            return TaskExecutorState.disabled;
        }
        if (leasedUntilMillis > now) {
            return TaskExecutorState.assigned;
        }
        return allocations.isEmpty() ? TaskExecutorState.available : TaskExecutorState.running;
    }

    double freeCpu() {
        return registration.machine().cpuCores() - usedCpu;
    }

    int freeMemoryMB() {
        return registration.machine().memoryMB() - usedMemoryMB;
    }


    /** The lowest {@code n} free ports that are not quarantined, without taking them; empty when there are not enough. */
    List<Integer> peekPorts(int n, java.util.Set<Integer> alsoTaken) {
        var out = new ArrayList<Integer>(n);
        var range = registration.ports();
        for (int i = usedPorts.nextClearBit(0); i < range.size() && out.size() < n; i = usedPorts.nextClearBit(i + 1)) {
            int p = range.from() + i;
            if (!alsoTaken.contains(p) && !quarantinedUntil.containsKey(p)) {
                out.add(p);
            }
        }
        return out.size() == n ? out : List.of();
    }

    void allocate(Allocation a) {
        var previous = allocations.put(a.worker(), a);
        if (previous != null) {
            usedCpu -= previous.cpu();
            usedMemoryMB -= previous.memoryMB();
        }
        usedCpu += a.cpu();
        usedMemoryMB += a.memoryMB();
        int base = registration.ports().from();
        a.ports().forEach(p -> {
            if (p >= base && p <= registration.ports().to()) {
                usedPorts.set(p - base);
            }
        });
    }

    /** The worker was told to stop; its room stays taken until it is reported gone. */
    void stopping(WorkerRef worker) {
        stopping.add(worker);
    }

    boolean isStopping(WorkerRef worker) {
        return stopping.contains(worker);
    }

    Allocation release(WorkerRef worker) {
        stopping.remove(worker);
        var a = allocations.remove(worker);
        if (a != null) {
            usedCpu -= a.cpu();
            usedMemoryMB -= a.memoryMB();
            int base = registration.ports().from();
            a.ports().forEach(p -> {
                if (p >= base && p <= registration.ports().to()) {
                    usedPorts.clear(p - base);
                }
            });
        }
        return a;
    }

    /** Keeps {@code ports} from being offered until {@code untilMillis} (a later end wins). */
    void quarantine(List<Integer> ports, long untilMillis) {
        ports.forEach(p -> quarantinedUntil.merge(p, untilMillis, Math::max));
    }

    /** Ends the quarantines due by {@code now}; true when some ended. */
    boolean endQuarantine(long now) {
        return quarantinedUntil.values().removeIf(until -> until <= now);
    }

    int quarantinedPorts() {
        return quarantinedUntil.size();
    }

    /** Whether some of its ports are quarantined: placement tries other executors first. */
    boolean hasQuarantinedPorts() {
        return !quarantinedUntil.isEmpty();
    }

    Map<WorkerRef, Allocation> allocations() {
        return allocations;
    }

    boolean hasWorkerOf(String jobId, int stage) {
        return allocations.values().stream().anyMatch(a -> a.worker().jobId().equals(jobId) && a.stage() == stage);
    }
}
