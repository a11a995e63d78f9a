package io.weir.master.resource;

import io.weir.core.executor.WorkerAssignment;
import java.util.concurrent.CompletableFuture;

/** How a resource cluster reaches its agents; {@link AgentClient} over HTTP, in-process fakes in benchmarks. */
public interface AgentGateway {

    /** Delivers an assignment; completes exceptionally when the agent did not take it after retries. */
    CompletableFuture<Void> assign(String agentUrl, WorkerAssignment assignment);

    /** Asks an agent to stop a worker; best effort. */
    void stop(String agentUrl, String jobId, int workerNumber);
}
