package io.weir.master.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.json.Json;
import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Lease;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceType;
import io.weir.master.discovery.SseFrames;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * What heartbeats cost with 1,000 instances and 1,000 watchers: a heartbeat that changes only figures must cost a
 * lookup and a renewal and send no watcher anything; one that changes health reaches exactly the watchers whose set
 * holds the instance. Prints the measured figures (asserting none of them: the machine is shared).
 */
class RegistryCostTest {

    private static final int INSTANCES = 1_000;
    private static final int SERVICES = 100;
    private static final int WATCHERS = 1_000;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RegistryRuntime runtime = RegistryRuntime.start(new RegistryConfig(300_000, 600_000, 5, 600_000, 10_000),
            Clock.systemUTC(), new SseFrames(Json.lenient()), meters);
    private final List<Disposable> watchers = new ArrayList<>();

    @AfterEach
    void stop() {
        watchers.forEach(Disposable::dispose);
        runtime.close();
    }

    @Test
    void figuresOnlyHeartbeatsReachNoWatcherAndHealthChangesReachOnlyTheirs() {
        long start = System.nanoTime();
        var registry = runtime.registry();
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String service = "svc-" + (i % SERVICES);
            leases.add(registry.register(ServiceRegistryTest.reg(null, service, ServiceType.SOURCE, List.of(), List.of(service + ".v1")), null));
        }
        var frames = new AtomicInteger();
        for (int w = 0; w < WATCHERS; w++) {
            watchers.add(runtime.watches().instances(ServiceQuery.named("svc-" + (w % SERVICES))).subscribe(f -> frames.incrementAndGet()));
        }
        await().until(() -> frames.get() >= WATCHERS);
        System.out.printf("registry cost: %d registrations and %d watches took %d ms%n", INSTANCES, WATCHERS,
                (System.nanoTime() - start) / 1_000_000);
        double eventsBefore = watchEvents();
        int framesBefore = frames.get();

        var figures = Map.of("recordsPerSecond", 1520.0);
        int rounds = 50;
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (Lease l : leases) {
                registry.heartbeat(l.instanceId(), l.leaseToken(), new Heartbeat(InstanceHealth.HEALTHY, figures));
            }
        }
        long perBeat = (System.nanoTime() - t0) / ((long) rounds * INSTANCES);
        long cpuPerBeat = (cpuNanos() - cpu0) / ((long) rounds * INSTANCES);
        assertThat(watchEvents()).as("figures-only heartbeats publish nothing").isEqualTo(eventsBefore);
        assertThat(frames.get()).isEqualTo(framesBefore);

        Lease one = leases.getFirst();
        int watchersOfOne = WATCHERS / SERVICES;
        List<Long> reach = new ArrayList<>();
        for (int change = 0; change < 21; change++) {
            int expected = frames.get() + watchersOfOne;
            double events = watchEvents();
            var health = change % 2 == 0 ? InstanceHealth.unhealthy("disk full") : InstanceHealth.HEALTHY;
            long t1 = System.nanoTime();
            registry.heartbeat(one.instanceId(), one.leaseToken(), new Heartbeat(health, null));
            await().pollInterval(Duration.ofNanos(100_000)).until(() -> frames.get() >= expected);
            reach.add((System.nanoTime() - t1) / 1_000);
            await().until(() -> watchEvents() - events >= 2);
            assertThat(frames.get()).as("only the watchers of svc-0 get the change").isEqualTo(expected);
            assertThat(watchEvents() - events).as("one serialized set for svc-0's watchers, the health stream's event").isEqualTo(2);
        }
        reach.sort(null);
        long reachMicros = reach.get(reach.size() / 2);

        for (int rep = 0; rep < 20; rep++) {
            long a = System.nanoTime();
            var snap = registry.snapshot();
            long b = System.nanoTime();
            for (int q = 0; q < SERVICES; q++) {
                RegistryViews.matching(snap, ServiceQuery.named("svc-" + q));
            }
            long c = System.nanoTime();
            var views = new RegistryViews(snap);
            var t = views.topology(0);
            long d = System.nanoTime();
            var h = views.health(0);
            long e = System.nanoTime();
            new SseFrames(Json.lenient()).encode(h);
            long f = System.nanoTime();
            if (rep == 19) {
                System.out.printf("registry cost: publication parts (us): snapshot %d, %d queries %d, topology %d, health %d, health json %d%n",
                        (b - a) / 1000, SERVICES, (c - b) / 1000, (d - c) / 1000, (e - d) / 1000, (f - e) / 1000);
            }
        }
        double perSecond = INSTANCES / 1.666;
        System.out.printf("registry cost: %d instances, %d watchers: a figures-only heartbeat %d ns wall, %d ns CPU in the registry "
                        + "(%.0f heartbeats/s at 1.6 s each: %.2f ms CPU per second); a health change reached its %d watchers in %d us (median of 21)%n",
                INSTANCES, WATCHERS, perBeat, cpuPerBeat, perSecond, perSecond * cpuPerBeat / 1e6, watchersOfOne, reachMicros);
    }

    private double watchEvents() {
        return meters.get("weir_registry_watch_events").counter().count();
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
