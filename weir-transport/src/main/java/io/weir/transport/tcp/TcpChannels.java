package io.weir.transport.tcp;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;

/** Picks socket channel classes matching an event loop group's I/O type: native epoll where available, else NIO. */
public final class TcpChannels {

    private TcpChannels() {
    }

    /** A group of {@code threads} event loops on epoll when the native library loads here, otherwise NIO. */
    public static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static boolean epoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    static Class<? extends SocketChannel> socket(EventLoopGroup group) {
        return epoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerSocketChannel> serverSocket(EventLoopGroup group) {
        return epoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static ChannelOption<Integer> keepIdle(EventLoopGroup group) {
        return epoll(group) ? EpollChannelOption.TCP_KEEPIDLE : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE);
    }

    static ChannelOption<Integer> keepInterval(EventLoopGroup group) {
        return epoll(group) ? EpollChannelOption.TCP_KEEPINTVL
                : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL);
    }
}
