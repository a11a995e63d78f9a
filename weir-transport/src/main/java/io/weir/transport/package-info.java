/**
 * Weir's transports: the registry that selects one per plane by capability, the TCP stream protocol
 * and the HTTP request/response planes, with their metrics.
 */
package io.weir.transport;
