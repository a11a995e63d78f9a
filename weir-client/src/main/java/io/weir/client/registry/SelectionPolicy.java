package io.weir.client.registry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Chooses one upstream from a set ordered best first; implementations must be thread-safe. */
@FunctionalInterface
public interface SelectionPolicy {

    /** The upstream to use from {@code set}, empty when the set is empty. */
    Optional<Upstream> pick(UpstreamSet set);

    /** Always the first of the best: a stable choice that moves only when that instance goes or gets worse. */
    SelectionPolicy FIRST_HEALTHY = set -> set.upstreams().stream().findFirst();

    /** Each call the next of the upstreams of the best status, in turn. */
    static SelectionPolicy roundRobin() {
        var next = new AtomicLong();
        return set -> {
            List<Upstream> best = set.best();
            return best.isEmpty() ? Optional.empty() : Optional.of(best.get((int) Math.floorMod(next.getAndIncrement(), (long) best.size())));
        };
    }
}
