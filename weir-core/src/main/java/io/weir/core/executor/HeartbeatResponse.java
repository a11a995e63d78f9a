package io.weir.core.executor;

import java.util.List;

/**
 * The master's answer to a heartbeat. {@code registered} false: the master does not know this agent (it restarted
 * without its record, or declared it lost) and the agent must register again. {@code stop}: workers the agent runs
 * that the master no longer wants; the agent stops them.
 */
public record HeartbeatResponse(boolean registered, List<WorkerRef> stop) {

    public HeartbeatResponse {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }
}
