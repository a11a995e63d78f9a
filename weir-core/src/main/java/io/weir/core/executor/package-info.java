/** The agent protocol: registration, heartbeats, status changes and worker assignments between master and agents. */
package io.weir.core.executor;
