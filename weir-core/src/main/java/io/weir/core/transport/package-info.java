/**
 * Transport descriptions that travel in discovery JSON: which transports a service offers
 * ({@link io.weir.core.transport.TransportEndpoint}), on which plane, with which capabilities.
 */
package io.weir.core.transport;
