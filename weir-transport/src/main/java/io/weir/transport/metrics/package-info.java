/** Micrometer meters of the transports, with Prometheus names {@code weir_transport_*} and {@code weir_tcp_pool_*}. */
package io.weir.transport.metrics;
