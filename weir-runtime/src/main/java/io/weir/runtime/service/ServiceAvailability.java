package io.weir.runtime.service;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a service worker takes new sessions. While unavailable (draining, recovering, ...) it refuses new and
 * resumed sessions with {@code UNAVAILABLE: <reason> (retry another worker)} and keeps serving running ones.
 * Thread-safe.
 */
public final class ServiceAvailability {

    private final AtomicReference<String> unavailableReason = new AtomicReference<>();

    /** Refuses new sessions from now on, giving {@code reason} (e.g. {@code draining}) to callers. */
    public void markUnavailable(String reason) {
        unavailableReason.set(reason == null || reason.isBlank() ? "unavailable" : reason);
    }

    /** Takes new sessions again. */
    public void markAvailable() {
        unavailableReason.set(null);
    }

    /** Whether new sessions are taken now. */
    public boolean available() {
        return unavailableReason.get() == null;
    }

    /** Why new sessions are refused; empty while available. */
    public Optional<String> reason() {
        return Optional.ofNullable(unavailableReason.get());
    }
}
