package io.weir.core.executor;

import io.weir.core.model.WorkerEvent;
import java.util.List;

/** Worker state changes an agent reports as they happen (StartInitiated, Started with ports, Completed, Failed). */
public record TaskExecutorStatusChange(String id, List<WorkerEvent> events) {

    public TaskExecutorStatusChange {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
