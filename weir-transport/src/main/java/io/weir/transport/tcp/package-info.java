/**
 * The TCP stream protocol: multiplexed, credit-controlled logical streams over persistent Netty
 * connections, with heartbeats. {@link io.weir.transport.tcp.TcpStream} is the unit users touch.
 */
package io.weir.transport.tcp;
