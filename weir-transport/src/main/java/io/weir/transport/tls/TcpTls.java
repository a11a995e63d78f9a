package io.weir.transport.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.weir.transport.tcp.ChannelSecurity;
import java.net.InetSocketAddress;

/** TLS for stream connections: servers present their certificate, clients verify the dialed host name against it. */
record TcpTls(SslContext server, SslContext client) implements ChannelSecurity {

    @Override
    public void secure(Channel channel, boolean isClient, InetSocketAddress dialed) {
        SslHandler handler = isClient
                ? client.newHandler(channel.alloc(), dialed.getHostString(), dialed.getPort())
                : server.newHandler(channel.alloc());
        channel.pipeline().addFirst("tls", handler);
    }
}
