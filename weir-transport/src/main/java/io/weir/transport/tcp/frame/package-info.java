/**
 * The TCP stream protocol's frames and their codec (spec: {@code docs/protocol.md}). Stateless except
 * for the decoder, which belongs to one channel and runs on its event loop.
 */
package io.weir.transport.tcp.frame;
