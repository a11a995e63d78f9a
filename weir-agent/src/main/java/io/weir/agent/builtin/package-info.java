/** Workers built into the agent for demos and tests, until the stage runtime provides real ones. */
package io.weir.agent.builtin;
