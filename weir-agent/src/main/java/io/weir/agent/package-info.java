/**
 * The task executor ("agent"): {@link io.weir.agent.Agent} registers with a master, heartbeats, and runs the workers
 * it is assigned, loading each from the agent's class path or from its artifact jar in an isolated class loader.
 * Configured by {@link io.weir.agent.AgentConfig}.
 */
package io.weir.agent;
