/**
 * The director: assigns a streaming service's client sessions to the service job's workers, the least loaded available
 * one first, from the loads workers report with their heartbeats, skipping draining and suspect workers.
 */
package io.weir.master.director;
