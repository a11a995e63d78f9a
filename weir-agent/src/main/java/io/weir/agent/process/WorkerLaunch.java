package io.weir.agent.process;

import io.weir.core.executor.WorkerAssignment;

/**
 * What the agent writes, as one JSON line, to a worker process's stdin: the assignment (its artifact a local file the
 * agent downloaded), the agent's host and bind address, and the master's URL.
 */
public record WorkerLaunch(WorkerAssignment assignment, String host, String bindHost, String masterUrl) {
}
