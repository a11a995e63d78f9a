package io.weir.client.service;

/**
 * What happened to a session, for timelines: {@code at} is epoch milliseconds; {@code position} the next response the
 * application expects; {@code detail} a sentence.
 */
public record ServiceSessionEvent(long at, Kind kind, String sessionId, String jobId, Integer workerNumber, long position, String detail) {

    /** The kinds of events, in the order a failover produces them. */
    public enum Kind {
        /** The director chose the first worker. */
        ASSIGNED,
        /** The worker serving the session failed it: connection lost, heartbeats missed, or it became unavailable. */
        DETECTED,
        /** The director chose another worker. */
        REASSIGNED,
        /** The first response from the new worker arrived, at the position after the last one delivered. */
        RESUMED,
        /** The service cannot resume: the session starts over from position 0 on the new worker. */
        RESTARTED,
        /** The service ended the session normally. */
        COMPLETED,
        /** The session failed for good (the service failed it, or no worker could take it in time). */
        FAILED
    }
}
