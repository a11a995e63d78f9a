package io.weir.client.registry;

import io.weir.client.registry.UpstreamSet.Source;
import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of an {@link UpstreamWatcher}, without I/O: fed the watch's frames and the loss of the master, it
 * answers the upstream set to use whenever that changes, and logs why. Merges while the master is rebuilding; falls back
 * to the last known set, else to the configured endpoints. Not thread-safe: the watcher calls it under its lock.
 */
final class UpstreamTracker {

    private static final Logger log = LoggerFactory.getLogger(UpstreamWatcher.class);

    private enum Link { UNKNOWN, UP, DOWN }

    private final String eventType;
    private final List<Upstream> fallback;
    private Map<String, ServiceInstance> known = new LinkedHashMap<>();
    private List<ServiceInstance> lastSent = List.of();
    private List<String> kept = List.of();
    private boolean haveView;
    private Link link = Link.UNKNOWN;
    private UpstreamSet current;

    UpstreamTracker(String eventType, List<Upstream> fallback) {
        this.eventType = eventType;
        this.fallback = List.copyOf(fallback);
        this.current = UpstreamSet.none(eventType);
    }

    UpstreamSet current() {
        return current;
    }

    /** A frame of the watch: a set (merged with known instances while {@code rebuilding}) or a heartbeat. */
    Optional<UpstreamSet> onFrame(ServiceSet frame) {
        link = Link.UP;
        if (!frame.isHeartbeat()) {
            lastSent = frame.instances();
            haveView = true;
        } else if (!haveView) {
            return Optional.empty();
        }
        boolean rebuilding = frame.rebuilding();
        var next = new LinkedHashMap<String, ServiceInstance>();
        lastSent.forEach(i -> next.put(i.instanceId(), i));
        var keptNow = new ArrayList<String>();
        if (rebuilding) {
            known.forEach((id, i) -> {
                if (!next.containsKey(id)) {
                    next.put(id, i);
                    keptNow.add(id);
                }
            });
        }
        if (!keptNow.equals(kept)) {
            if (!keptNow.isEmpty()) {
                log.info("master is rebuilding its registry: keeping {} known upstream(s) of {} that have not re-registered yet: {}",
                        keptNow.size(), eventType, keptNow);
            } else if (!rebuilding) {
                log.info("master finished rebuilding its registry: {} upstream(s) of {} are registered, dropping {} that did not come back",
                        lastSent.size(), eventType, kept.stream().filter(id -> !next.containsKey(id)).toList());
            }
            kept = keptNow;
        }
        known = next;
        return change(new UpstreamSet(eventType, Source.MASTER, order(known.values())));
    }

    /** The watch failed (master unreachable, silent or answering 5xx): use what is known, else the fallback. */
    Optional<UpstreamSet> onMasterLost(String why) {
        boolean wasDown = link == Link.DOWN;
        link = Link.DOWN;
        UpstreamSet next;
        if (haveView && !known.isEmpty()) {
            next = new UpstreamSet(eventType, Source.LAST_KNOWN, order(known.values()));
        } else if (!fallback.isEmpty()) {
            next = new UpstreamSet(eventType, Source.FALLBACK, fallback);
        } else {
            next = new UpstreamSet(eventType, haveView ? Source.LAST_KNOWN : Source.NONE, List.of());
        }
        if (!wasDown || next.source() != current.source()) {
            switch (next.source()) {
                case LAST_KNOWN -> log.info("master unreachable ({}), using last known set of {} for {}: {}",
                        why, next.upstreams().size(), eventType, next.describe());
                case FALLBACK -> log.info("master unreachable ({}), using configured fallback for {}: {}", why, eventType, next.describe());
                default -> log.warn("master unreachable ({}) and no upstream of {} known (configure fallback endpoints to have one)",
                        why, eventType);
            }
        }
        return change(next);
    }

    private Optional<UpstreamSet> change(UpstreamSet next) {
        UpstreamSet before = current;
        if (next.equals(before)) {
            return Optional.empty();
        }
        current = next;
        if (next.source() == Source.MASTER && before.source() != Source.MASTER && before.source() != Source.NONE) {
            log.info("master's view of {} is back: {}", eventType, next.describe());
        }
        String from = before.upstreams().isEmpty() ? null : before.upstreams().get(0).label();
        String to = next.upstreams().isEmpty() ? null : next.upstreams().get(0).label();
        if (from != null && to != null && !from.equals(to)) {
            Upstream first = next.upstreams().get(0);
            log.info("upstream {} for {}: switched from {} to {} ({})", first.service() == null ? "fallback" : first.service(),
                    eventType, from, to, why(from));
        } else if (from == null && to != null) {
            log.info("upstream for {}: using {}", eventType, to);
        } else if (from != null && to == null) {
            log.warn("upstream for {}: {} is gone and no other instance produces it", eventType, from);
        }
        log.debug("upstreams of {} now ({}): {}", eventType, next.source(), next.describe());
        return Optional.of(next);
    }

    private String why(String from) {
        return current.upstreams().stream().filter(u -> from.equals(u.label())).findFirst()
                .map(u -> u.status() == HealthStatus.HEALTHY ? "the master's view changed" : from + " is " + u.status()
                        + (u.health().reason() == null ? "" : ": " + u.health().reason()))
                .orElse(from + " left");
    }

    /** Best status first; within a status, those already in use keep their places (a choice moves only when it must). */
    private List<Upstream> order(java.util.Collection<ServiceInstance> instances) {
        var previous = new java.util.HashMap<String, Integer>();
        for (var u : current.upstreams()) {
            previous.putIfAbsent(u.label(), previous.size());
        }
        Comparator<Upstream> bestFirst = Comparator.comparing(Upstream::status)
                .thenComparing(u -> previous.getOrDefault(u.label(), Integer.MAX_VALUE));
        List<Upstream> all = instances.stream().map(Upstream::of).sorted(bestFirst).toList();
        boolean anyHealthy = all.stream().anyMatch(u -> u.status() == HealthStatus.HEALTHY);
        return anyHealthy ? all.stream().filter(u -> u.status() != HealthStatus.UNHEALTHY).toList() : all;
    }
}
