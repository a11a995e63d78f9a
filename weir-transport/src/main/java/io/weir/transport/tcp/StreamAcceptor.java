package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;

/** Accepts streams a peer opens; runs on the connection's event loop and must not block. */
@FunctionalInterface
public interface StreamAcceptor {

    /**
     * Accepts {@code stream} (parameters in {@link TcpStream#params()}) with the OPEN frame's
     * {@code body}, valid only during the call. Throwing refuses the stream with an ERROR to the peer.
     */
    StreamListener accept(TcpStream stream, ByteBuf body);
}
