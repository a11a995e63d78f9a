package io.weir.master.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.ServiceType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import reactor.core.publisher.Flux;

/** The registry's meters, named as docs/registry.md lists them (counters gain {@code _total} when scraped). */
public final class RegistryMetrics {

    private final MeterRegistry meters;
    private final Counter registrations;
    private final Counter heartbeats;
    private final Counter lapses;
    private final Counter watchEvents;
    private final Counter watchersDropped;
    private final AtomicInteger watchers = new AtomicInteger();
    private final MultiGauge pipelineHealth;

    public RegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.registrations = Counter.builder("weir_registry_registrations").description("Service registrations accepted, re-registrations included").register(meters);
        this.heartbeats = Counter.builder("weir_registry_heartbeats").description("Service heartbeats accepted").register(meters);
        this.lapses = Counter.builder("weir_registry_lease_lapses").description("Service instances removed because their lease lapsed").register(meters);
        this.watchEvents = Counter.builder("weir_registry_watch_events").description("Watch events serialized and published (each shared by the watchers of one query or view)").register(meters);
        this.watchersDropped = Counter.builder("weir_registry_watchers_dropped").description("Watchers disconnected because they stopped reading").register(meters);
        Gauge.builder("weir_registry_watchers", watchers, AtomicInteger::get).description("Open registry watches").register(meters);
        this.pipelineHealth = MultiGauge.builder("weir_pipeline_health").description("Health of each service: 0 healthy, 1 degraded, 2 unhealthy").register(meters);
    }

    /** Reports the number of live instances of each type from {@code count}. */
    void bindInstances(ToIntFunction<ServiceType> count) {
        for (ServiceType t : ServiceType.values()) {
            Gauge.builder("weir_registry_instances", () -> count.applyAsInt(t)).tag("type", t.name())
                    .description("Live service instances by type").register(meters);
        }
    }

    void registered() {
        registrations.increment();
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void lapsed() {
        lapses.increment();
    }

    void watchEvent() {
        watchEvents.increment();
    }

    void watcherDropped() {
        watchersDropped.increment();
    }

    /** Counts a watcher while {@code frames} is subscribed. */
    Flux<byte[]> tracked(Flux<byte[]> frames) {
        return frames.doOnSubscribe(s -> watchers.incrementAndGet()).doFinally(s -> watchers.decrementAndGet());
    }

    /** Sets {@code weir_pipeline_health} to the services of {@code health}; services gone lose their series. */
    void health(PipelineHealth health) {
        pipelineHealth.register(health.services().stream()
                .map(s -> MultiGauge.Row.of(Tags.of("service", s.name()), level(s.status())))
                .toList(), true);
    }

    private static int level(HealthStatus s) {
        return s.ordinal();
    }
}
