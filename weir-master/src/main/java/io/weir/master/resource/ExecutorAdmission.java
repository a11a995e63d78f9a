package io.weir.master.resource;

import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.master.job.ConflictException;
import java.util.Collection;

/**
 * Who may register, and act, as a task executor of a cluster: one live agent instance per id, one live agent per port
 * of a host (agents with the same {@code host}), and only the registered instance may heartbeat, report or disconnect.
 * Refusals are {@link ConflictException}s (409) whose message names the fix. Pure: it changes nothing.
 */
final class ExecutorAdmission {

    private ExecutorAdmission() {
    }

    /**
     * Refuses {@code r} when another instance with its id is live, or when its ports overlap those of another live agent
     * on its host. A lost (or not yet heard from) agent holds neither its id nor its ports.
     */
    static void checkRegistration(Collection<TaskExecutor> executors, TaskExecutorRegistration r, long now, long timeoutMillis) {
        for (var e : executors) {
            if (!e.isLive(now, timeoutMillis)) {
                continue;
            }
            if (e.id().equals(r.id())) {
                if (!e.isInstance(r.instanceId())) {
                    throw new ConflictException("agent id " + r.id() + " is in use by a live agent at " + e.registration().agentUrl()
                            + ": pick another --id, or stop that agent first (an agent stopped without a clean shutdown"
                            + " keeps its id until it has missed heartbeats for " + timeoutMillis + " ms)");
                }
            } else if (e.host().equals(r.host()) && e.registration().ports().overlaps(r.ports())) {
                throw new ConflictException("ports " + r.ports() + " of agent " + r.id() + " overlap ports " + e.registration().ports()
                        + " of live agent " + e.id() + " on host " + r.host() + ": give each agent on one host its own range with"
                        + " --ports FROM-TO, or leave --ports out so that each agent claims a free block");
            }
        }
    }

    /** Refuses a heartbeat, report or disconnect from an instance that is not (any more) the one registered as {@code e}. */
    static void checkInstance(TaskExecutor e, String instanceId) {
        if (!e.isInstance(instanceId)) {
            throw new ConflictException("agent id " + e.id() + " now belongs to another agent instance at " + e.registration().agentUrl()
                    + ", which took it over after this one was lost: stop this agent (its workers were replaced),"
                    + " or start it with another --id");
        }
    }
}
