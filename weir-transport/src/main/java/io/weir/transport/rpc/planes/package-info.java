/**
 * Builds the request/response planes a {@link io.weir.transport.config.TransportConfig} asks for: the servers
 * a service starts (and the {@link io.weir.core.transport.TransportEndpoint}s it advertises) and the client a
 * caller uses, checked against the registry so a mismatch fails at start.
 */
package io.weir.transport.rpc.planes;
