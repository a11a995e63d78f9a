package io.weir.core.model;

import java.util.List;

/**
 * The event types a job cluster's jobs consume and produce; declaring them makes each sink worker an instance of the
 * service named after the cluster (docs/registry.md).
 */
public record EventTypes(List<String> consumes, List<String> produces) {

    public EventTypes {
        consumes = consumes == null ? List.of() : List.copyOf(consumes);
        produces = produces == null ? List.of() : List.copyOf(produces);
    }
}
