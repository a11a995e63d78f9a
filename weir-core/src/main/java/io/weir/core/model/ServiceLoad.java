package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a service worker reports with its heartbeats for the director: its active sessions, and whether it takes new
 * ones (false while draining or recovering, with the reason).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceLoad(int sessions, boolean available, String reason) {

    public static ServiceLoad available(int sessions) {
        return new ServiceLoad(sessions, true, null);
    }

    public static ServiceLoad unavailable(int sessions, String reason) {
        return new ServiceLoad(sessions, false, reason);
    }
}
