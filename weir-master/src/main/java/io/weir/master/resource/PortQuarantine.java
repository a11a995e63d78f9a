package io.weir.master.resource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports of a resource cluster's executors that a worker could not bind ({@code PORT_IN_USE}: another process holds
 * them). They are not offered again on that executor for {@code quarantineMillis}, and while an executor has quarantined
 * ports placement prefers other executors (see {@link Placement}). Time-based on purpose: an agent's heartbeat does not
 * report which ports are free, and a process squatting on ports tends to keep them. Owned by the cluster's loop; the
 * gauge {@code weir_resource_ports_quarantined} and the counter {@code weir_resource_port_in_use_failures} may be read
 * from any thread.
 */
final class PortQuarantine {

    private static final Logger log = LoggerFactory.getLogger(PortQuarantine.class);

    private final String cluster;
    private final long quarantineMillis;
    private final AtomicInteger quarantined = new AtomicInteger();
    private final Counter failures;

    PortQuarantine(String cluster, long quarantineMillis, MeterRegistry meters) {
        this.cluster = cluster;
        this.quarantineMillis = quarantineMillis;
        Gauge.builder("weir_resource_ports_quarantined", quarantined, AtomicInteger::get)
                .description("Ports not offered to workers because a worker could not bind them")
                .tag("cluster", cluster).register(meters);
        this.failures = Counter.builder("weir_resource_port_in_use_failures")
                .description("Workers that failed to start because a port they were given was in use")
                .tag("cluster", cluster).register(meters);
    }

    /** The worker holding {@code allocation} on {@code executor} could not bind its ports: quarantine them. */
    void portInUse(TaskExecutor executor, Allocation allocation, long now, Collection<TaskExecutor> all) {
        failures.increment();
        executor.quarantine(allocation.ports(), now + quarantineMillis);
        log.warn("Worker {} could not bind port(s) {} on task executor {} in {}: another process holds them; not offering them"
                        + " there for {} ms, and preferring other executors meanwhile", allocation.worker(), allocation.ports(),
                executor.id(), cluster, quarantineMillis);
        count(all);
    }

    /** Ends the quarantines due by {@code now}; true when some port became free again. */
    boolean expire(Collection<TaskExecutor> all, long now) {
        boolean freed = false;
        for (var e : all) {
            freed |= e.endQuarantine(now);
        }
        if (freed) {
            count(all);
        }
        return freed;
    }

    /** Recounts after executors came or went. */
    void count(Collection<TaskExecutor> all) {
        quarantined.set(all.stream().mapToInt(TaskExecutor::quarantinedPorts).sum());
    }
}
