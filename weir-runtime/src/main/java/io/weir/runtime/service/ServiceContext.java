package io.weir.runtime.service;

import io.weir.runtime.api.JobContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * One session as the handler sees it: its id, the position of the first response wanted (0 for a new session), its
 * deadline (empty: none), a Mono that completes when the caller cancels or leaves, the worker's job context and its
 * availability.
 */
public record ServiceContext(String sessionId, long resumePosition, Optional<Instant> deadline, Mono<Void> cancelled,
                             JobContext job, ServiceAvailability availability) {

    public ServiceContext {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(cancelled, "cancelled");
        if (resumePosition < 0) {
            throw new IllegalArgumentException("resumePosition: " + resumePosition + " (expected: >= 0)");
        }
    }
}
