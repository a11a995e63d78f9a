/**
 * Pools of persistent, multiplexed TCP stream connections per target: reuse after validation, minimum
 * idle, idle timeout, maximum lifetime, and the {@code weir_tcp_pool_*} metrics.
 */
package io.weir.transport.tcp.pool;
