package io.weir.transport.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accepts stream connections on one port and hands every stream peers open to a {@link StreamAcceptor}.
 * Runs on a caller-owned {@link EventLoopGroup}; {@link #close()} closes the port and every connection.
 */
public final class TcpServer implements AutoCloseable {

    private final Channel serverChannel;
    private final Set<TcpConnection> connections;

    private TcpServer(Channel serverChannel, Set<TcpConnection> connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /** Binds {@code address} (port 0 picks a free one) and starts accepting; blocks until bound. */
    public static TcpServer start(EventLoopGroup group, InetSocketAddress address, TcpSettings settings,
                                  StreamAcceptor acceptor, TransportMetrics metrics) {
        return start(group, address, settings, Integer.MAX_VALUE, acceptor, metrics);
    }

    /**
     * Like {@link #start(EventLoopGroup, InetSocketAddress, TcpSettings, StreamAcceptor, TransportMetrics)}, but a
     * connection beyond {@code maxConnections} is sent a connection ERROR (REFUSED_STREAM) and closed.
     */
    public static TcpServer start(EventLoopGroup group, InetSocketAddress address, TcpSettings settings,
                                  int maxConnections, StreamAcceptor acceptor, TransportMetrics metrics) {
        Objects.requireNonNull(acceptor, "acceptor");
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
        Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(TcpChannels.serverSocket(group))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new TcpChannelInitializer(false, settings, acceptor, metrics, c -> {
                    if (connections.size() >= maxConnections) {
                        metrics.error(TransportMetrics.ErrorType.REFUSED);
                        c.refuse("server already has " + connections.size() + " connections (maxConnections)");
                        return;
                    }
                    connections.add(c);
                    c.closeFuture().thenRun(() -> connections.remove(c));
                }));
        try {
            Channel channel = bootstrap.bind(address).sync().channel();
            return new TcpServer(channel, connections);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while binding " + address, e);
        } catch (RuntimeException e) {
            throw new TransportException("cannot bind TCP stream server to " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections currently accepted. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, sends every connection GOING_AWAY so open streams can finish, and closes what is
     * still open after {@code timeout}. Completes when every connection has closed.
     */
    public CompletableFuture<Void> closeGracefully(java.time.Duration timeout) {
        serverChannel.close();
        CompletableFuture<?>[] all = connections.stream()
                .map(c -> c.goAway("server shutting down").orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionallyCompose(e -> c.close()))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    /** Closes the port and every accepted connection; blocks until the port is closed. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        for (TcpConnection connection : connections) {
            connection.close();
        }
    }
}
