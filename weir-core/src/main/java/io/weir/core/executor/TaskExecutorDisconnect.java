package io.weir.core.executor;

/** An agent instance leaving cleanly, after it has stopped its workers. */
public record TaskExecutorDisconnect(String id, String instanceId) {

    /** A disconnect without an instance id. */
    public TaskExecutorDisconnect(String id) {
        this(id, null);
    }
}
