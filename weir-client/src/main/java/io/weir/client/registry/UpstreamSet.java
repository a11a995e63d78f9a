package io.weir.client.registry;

import io.weir.core.registry.HealthStatus;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The upstreams of an event type to use now, best first (healthy, then degraded, then unhealthy only when nothing is
 * healthy), and where they come from: the master's live view, its last known view while it is unreachable, or
 * configured fallback endpoints.
 */
public record UpstreamSet(String eventType, Source source, List<Upstream> upstreams) {

    /** Where a set comes from. */
    public enum Source {
        /** The master's current view, from a live watch. */
        MASTER,
        /** The master is unreachable; the set it last sent. */
        LAST_KNOWN,
        /** The master is unreachable and sent nothing usable; the configured fallback endpoints. */
        FALLBACK,
        /** Nothing known yet. */
        NONE
    }

    public UpstreamSet {
        upstreams = List.copyOf(upstreams);
    }

    static UpstreamSet none(String eventType) {
        return new UpstreamSet(eventType, Source.NONE, List.of());
    }

    public boolean isEmpty() {
        return upstreams.isEmpty();
    }

    /** The upstreams of the best status in the set (those a selection policy chooses among). */
    public List<Upstream> best() {
        if (upstreams.isEmpty()) {
            return List.of();
        }
        HealthStatus top = upstreams.get(0).status();
        return upstreams.stream().filter(u -> u.status() == top).toList();
    }

    /** e.g. {@code [enricher-1 (HEALTHY), enricher-2 (DEGRADED: slow)]}. */
    public String describe() {
        return upstreams.stream()
                .map(u -> u.label() + " (" + u.status() + (u.health().reason() == null ? "" : ": " + u.health().reason()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
