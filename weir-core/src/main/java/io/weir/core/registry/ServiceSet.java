package io.weir.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The instances matching a query, as a query answers and as each watch event carries (always the whole current set,
 * so a watcher never applies deltas). {@code revision} grows with every change of the registry; a heartbeat event has
 * {@code heartbeat} true and no instances. {@code rebuilding}: the master started less than one lease ago, so
 * instances missing from the set may not have re-registered yet.
 */
public record ServiceSet(long revision, List<ServiceInstance> instances, boolean heartbeat, boolean rebuilding) {

    public ServiceSet {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    public static ServiceSet heartbeat(long revision, boolean rebuilding) {
        return new ServiceSet(revision, List.of(), true, rebuilding);
    }

    @JsonIgnore
    public boolean isHeartbeat() {
        return heartbeat;
    }
}
