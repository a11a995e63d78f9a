package io.weir.master.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.json.Json;
import io.weir.master.loop.ControlLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** Each discovery subscriber's stream is its own: one that stops requesting is dropped alone. */
class DiscoveryHubTest {

    private final ControlLoop loop = new ControlLoop("test-loop");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DiscoveryHub hub = new DiscoveryHub(loop, 0, 5, new SseFrames(Json.lenient()), new DiscoveryMetrics(registry));

    @AfterEach
    void stop() {
        loop.close();
    }

    /** Requests {@code initial} frames and never more, like a client that stopped reading its socket. */
    private static final class Stalled extends BaseSubscriber<byte[]> {
        private final long initial;
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Stalled(long initial) {
            this.initial = initial;
        }

        @Override
        protected void hookOnSubscribe(Subscription s) {
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        protected void hookOnError(Throwable t) {
            error.set(t);
        }
    }

    private List<String> read(reactor.core.publisher.Flux<byte[]> frames) {
        var seen = new CopyOnWriteArrayList<String>();
        frames.subscribe(b -> seen.add(new String(b, StandardCharsets.UTF_8)));
        return seen;
    }

    private double dropped() {
        return registry.get("weir_discovery_slow_subscribers_dropped").counter().count();
    }

    @Test
    void aSubscriberThatStopsRequestingIsDroppedWhileAnotherKeepsItsHeartbeatsAndEvents() throws Exception {
        loop.call(() -> hub.openCluster("c", "c-1")).get();
        var stalled = new Stalled(1);
        hub.namedJob("c", true).orElseThrow().subscribe(stalled);
        var reader = read(hub.namedJob("c", true).orElseThrow());

        await().until(() -> stalled.error.get() != null);
        assertThat(stalled.error.get()).isInstanceOf(SlowSubscriberException.class).hasMessageContaining("cluster c");
        assertThat(dropped()).isEqualTo(1);
        int seen = reader.size();
        await().until(() -> reader.stream().skip(seen).filter(f -> f.contains("HB_NamedJob")).count() >= 10);
        loop.call(() -> {
            hub.newJob("c", "c-2");
            return null;
        }).get();
        await().until(() -> reader.stream().anyMatch(f -> f.contains("\"jobId\":\"c-2\"")));
        assertThat(dropped()).isEqualTo(1);
    }

    @Test
    void withoutHeartbeatsAStalledSubscriberIsDroppedOnceMoreEventsWaitThanItsQueueHolds() throws Exception {
        loop.call(() -> hub.openCluster("c", "c-1")).get();
        var stalled = new Stalled(0);
        hub.namedJob("c", false).orElseThrow().subscribe(stalled);
        var reader = read(hub.namedJob("c", false).orElseThrow());
        loop.call(() -> {
            for (int i = 2; i <= DiscoveryHub.MAX_QUEUED_FRAMES; i++) {
                hub.newJob("c", "c-" + i);
            }
            return null;
        }).get();
        assertThat(stalled.error.get()).as("a full queue is not yet an overflow").isNull();
        loop.call(() -> {
            hub.newJob("c", "c-overflow");
            return null;
        }).get();
        await().until(() -> stalled.error.get() instanceof SlowSubscriberException);
        assertThat(reader).hasSize(DiscoveryHub.MAX_QUEUED_FRAMES + 1);
        assertThat(dropped()).isEqualTo(1);
    }
}
