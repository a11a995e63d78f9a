package io.weir.core.executor;

import io.weir.core.model.WorkerEvent;
import java.util.List;

/**
 * Worker state changes an agent reports as they happen (StartInitiated, Started with ports, Completed, Failed), from
 * the agent instance {@code instanceId}.
 */
public record TaskExecutorStatusChange(String id, List<WorkerEvent> events, String instanceId) {

    public TaskExecutorStatusChange {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A report without an instance id. */
    public TaskExecutorStatusChange(String id, List<WorkerEvent> events) {
        this(id, events, null);
    }
}
