/**
 * The master's discovery streams as {@code Flux}es that reconnect by themselves: a job's scheduling info, a
 * cluster's newest job, and the scheduling info of whichever job is a cluster's newest.
 */
package io.weir.client.discovery;
