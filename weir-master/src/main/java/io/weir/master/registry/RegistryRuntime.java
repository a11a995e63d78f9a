package io.weir.master.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.master.discovery.SseFrames;
import io.weir.master.loop.ControlLoop;
import java.time.Clock;

/**
 * The service registry as the master runs it: the {@link ServiceRegistry} (guarded by its lock) and, on one thread of
 * its own ({@code weir-registry}), the {@link LeaseSweeper}'s timer and the {@link WatchHub}'s publications.
 */
public final class RegistryRuntime implements AutoCloseable {

    private final ControlLoop loop;
    private final ServiceRegistry registry;
    private final WatchHub watches;

    private RegistryRuntime(ControlLoop loop, ServiceRegistry registry, WatchHub watches) {
        this.loop = loop;
        this.registry = registry;
        this.watches = watches;
    }

    /** Starts an empty registry, rebuilding for one default lease. */
    public static RegistryRuntime start(RegistryConfig config, Clock clock, SseFrames frames, MeterRegistry meters) {
        var loop = new ControlLoop("weir-registry");
        var metrics = new RegistryMetrics(meters);
        var sweeper = new LeaseSweeper(loop, clock);
        var hub = new WatchHub[1];
        var registry = new ServiceRegistry(config, clock, metrics, new ServiceRegistry.Listener() {
            @Override
            public void changed() {
                hub[0].changed();
            }

            @Override
            public void dueAt(long epochMillis) {
                sweeper.dueAt(epochMillis);
            }
        });
        hub[0] = new WatchHub(loop, registry, config, frames, metrics);
        sweeper.start(registry);
        hub[0].start();
        return new RegistryRuntime(loop, registry, hub[0]);
    }

    public ServiceRegistry registry() {
        return registry;
    }

    public WatchHub watches() {
        return watches;
    }

    /** Stops the registry's thread without waiting for its timers (leases, coalescing): its state is soft. */
    @Override
    public void close() {
        loop.closeNow();
    }
}
