/**
 * How an agent runs a worker: {@link io.weir.agent.process.WorkerLauncher} starts one, in the agent's JVM or, by default,
 * in a JVM of its own ({@link io.weir.agent.process.ProcessLauncher}, {@link io.weir.agent.process.WorkerMain}) that
 * reports over a line protocol on its stdout and ends when its stdin does.
 */
package io.weir.agent.process;
