/**
 * {@link java.util.concurrent.Flow} adapters for streams: a subscriber's {@code request(n)} becomes CREDIT,
 * a sending publisher is asked for exactly as many records as the peer granted. Reactor's {@code Flux}
 * meets these through {@code FlowAdapters} at the edges.
 */
package io.weir.transport.tcp.flow;
