package io.weir.transport.tcp;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** Secures a stream connection before its first frame (e.g. TLS, see {@code io.weir.transport.tls.TlsConfig}). */
@FunctionalInterface
public interface ChannelSecurity {

    /** Plaintext connections. */
    ChannelSecurity NONE = (channel, client, dialed) -> { };

    /**
     * Adds handlers at the front of {@code channel}'s pipeline; called on its event loop before any other handler.
     * {@code dialed} is the address a client dialed (for hostname verification), null on the server side.
     */
    void secure(Channel channel, boolean client, InetSocketAddress dialed);
}
