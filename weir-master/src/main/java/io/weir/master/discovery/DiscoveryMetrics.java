package io.weir.master.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts discovery events published, subscribers connected, and subscribers dropped because they stopped reading. */
public final class DiscoveryMetrics {

    private final Counter published;
    private final Counter droppedSlowSubscribers;
    private final AtomicInteger subscribers = new AtomicInteger();

    public DiscoveryMetrics(MeterRegistry registry) {
        this.published = Counter.builder("weir_discovery_events_published")
                .description("Discovery events serialized and published (each shared by all subscribers)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("weir_discovery_subscribers", subscribers, Number::doubleValue)
                .description("Open discovery streams (SSE subscribers of job and cluster discovery)").register(registry);
        this.droppedSlowSubscribers = Counter.builder("weir_discovery_slow_subscribers_dropped")
                .description("Discovery subscribers disconnected because they stopped reading their stream")
                .register(registry);
    }

    void published() {
        published.increment();
    }

    void droppedSlowSubscriber() {
        droppedSlowSubscribers.increment();
    }

    /** Counts a subscriber for as long as {@code frames} is subscribed. */
    public <T> reactor.core.publisher.Flux<T> tracked(reactor.core.publisher.Flux<T> frames) {
        return frames.doOnSubscribe(s -> subscribers.incrementAndGet()).doFinally(s -> subscribers.decrementAndGet());
    }
}
