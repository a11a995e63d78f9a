package io.weir.core.registry;

/**
 * The answer to a registration: the instance's id, the secret that proves ownership of it (sent as
 * {@code X-Weir-Lease} with heartbeats and the deregistration), how long the lease lasts without a heartbeat, and how
 * often to send one.
 */
public record Lease(String instanceId, String leaseToken, long leaseTtlMs, long heartbeatIntervalMs) {
}
