package io.weir.client.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.sink.FailureReason;
import io.weir.client.sink.SessionEvent;
import io.weir.client.sink.SinkWorker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpstreamDropsTest {

    private static final SinkWorker W = new SinkWorker("wc-1", 3, 0, 4, "127.0.0.1", 7000);
    private static final Instant T = Instant.EPOCH;

    @Test
    void countsEachDroppedRecordOnceAcrossMetaMessagesAndConnections() {
        var registry = new SimpleMeterRegistry();
        var drops = new UpstreamDrops(registry, "wc");
        drops.accept(new SessionEvent.Dropped(T, W, "s-c1", 5));
        drops.accept(new SessionEvent.Dropped(T, W, "s-c1", 12));
        drops.accept(new SessionEvent.Detected(T, W, "s-c1", FailureReason.CONNECTION_LOST, Duration.ZERO, "reset"));
        drops.accept(new SessionEvent.Dropped(T, W, "s-c2", 3));
        drops.accept(new SessionEvent.Dropped(T, W, "s-c2", 3));
        assertThat(drops.count()).isEqualTo(15);
        assertThat(registry.get("weir.source.upstream.dropped").tag("cluster", "wc").counter().count()).isEqualTo(15);
    }
}
