package io.weir.master.registry;

import io.weir.core.registry.ServiceInstance;
import java.util.List;

/**
 * The registry at one revision, immutable: live instances sorted by name and id, each with the revision of its last
 * change that watchers see, and the lapsed instances services remember (none while {@code rebuilding}).
 */
public record RegistrySnapshot(long revision, boolean rebuilding, List<Listed> instances, List<Lapse> lapsed) {

    public RegistrySnapshot {
        instances = List.copyOf(instances);
        lapsed = List.copyOf(lapsed);
    }

    /** A live instance and the revision at which it last changed in a way watchers see (not figures, not its lease). */
    public record Listed(ServiceInstance instance, long version) {
    }

    /** An instance whose lease lapsed at {@code at} (epoch millis), as it was then. */
    public record Lapse(ServiceInstance instance, long at) {
    }
}
