package io.weir.core.executor;

/** An agent leaving cleanly, after it has stopped its workers. */
public record TaskExecutorDisconnect(String id) {
}
