package io.weir.client.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.client.sink.SessionEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts what the upstream's sinks dropped for a source that was too slow, from their meta messages, in
 * {@code weir.source.upstream.dropped{cluster}}. Fed by the session's events on its one thread; remembers only open
 * connections.
 */
final class UpstreamDrops implements Consumer<SessionEvent> {

    private final Counter dropped;
    private final Map<String, Long> reportedByConnection = new HashMap<>();

    UpstreamDrops(MeterRegistry registry, String cluster) {
        this.dropped = Counter.builder("weir.source.upstream.dropped").tag("cluster", cluster)
                .description("records the upstream's sinks dropped because this source read too slowly").register(registry);
    }

    @Override
    public void accept(SessionEvent event) {
        switch (event) {
            case SessionEvent.Dropped d -> {
                long before = reportedByConnection.getOrDefault(d.connectionId(), 0L);
                if (d.droppedSinceConnected() > before) {
                    dropped.increment(d.droppedSinceConnected() - before);
                    reportedByConnection.put(d.connectionId(), d.droppedSinceConnected());
                }
            }
            case SessionEvent.Disconnected d -> reportedByConnection.remove(d.connectionId());
            case SessionEvent.Detected d -> reportedByConnection.remove(d.connectionId());
            default -> {
            }
        }
    }

    long count() {
        return (long) dropped.count();
    }
}
