package io.weir.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Dials stream connections. The optional acceptor serves streams the server opens back toward this side
 * (call-home). Runs on a caller-owned {@link EventLoopGroup}; thread-safe.
 */
public final class TcpClient {

    private final Bootstrap bootstrap;
    private final TcpSettings settings;
    private final StreamAcceptor acceptor;
    private final TransportMetrics metrics;

    /** A client whose connections accept no streams from the server. */
    public TcpClient(EventLoopGroup group, TcpSettings settings, TransportMetrics metrics) {
        this(group, settings, null, metrics);
    }

    /** A client whose connections hand streams the server opens to {@code acceptor}. */
    public TcpClient(EventLoopGroup group, TcpSettings settings, StreamAcceptor acceptor, TransportMetrics metrics) {
        this(new Bootstrap()
                .group(Objects.requireNonNull(group, "group"))
                .channel(TcpChannels.socket(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000), settings, acceptor, metrics);
    }

    private TcpClient(Bootstrap bootstrap, TcpSettings settings, StreamAcceptor acceptor, TransportMetrics metrics) {
        this.bootstrap = bootstrap;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.acceptor = acceptor;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A client like this one whose connection attempts give up after {@code timeout} (default 5 s). */
    public TcpClient withConnectTimeout(Duration timeout) {
        return new TcpClient(bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()))), settings, acceptor, metrics);
    }

    /** A client like this one whose sockets start TCP keepalive probes after {@code idle} without traffic. */
    public TcpClient withKeepalive(Duration idle) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toSeconds()));
        EventLoopGroup group = bootstrap.config().group();
        return new TcpClient(bootstrap.clone().option(TcpChannels.keepIdle(group), seconds)
                .option(TcpChannels.keepInterval(group), Math.max(1, seconds / 4)), settings, acceptor, metrics);
    }

    /** Connects to {@code address}; the future fails with the connect error. */
    public CompletableFuture<TcpConnection> connect(InetSocketAddress address) {
        CompletableFuture<TcpConnection> result = new CompletableFuture<>();
        TcpConnection[] holder = new TcpConnection[1];
        SslHandler[] tls = new SslHandler[1];
        ChannelFuture connecting = bootstrap.clone()
                .handler(new TcpChannelInitializer(true, settings, acceptor, metrics, c -> {
                    holder[0] = c;
                    tls[0] = c.channel().pipeline().get(SslHandler.class); // now: a failed handshake removes it later
                }, address))
                .connect(address);
        connecting.addListener(f -> { // may run after the handshake ended, even after the channel closed
            if (f.isSuccess()) {
                completeWhenSecured(holder[0], tls[0], address, result);
            } else {
                metrics.error(TransportMetrics.ErrorType.CONNECTION);
                result.completeExceptionally(new TransportException(
                        "cannot connect to " + address + ": " + f.cause().getMessage(), f.cause()));
            }
        });
        return result;
    }

    /** Completes at once on a plaintext channel, after the handshake on a TLS one (failing with the handshake's error). */
    private void completeWhenSecured(TcpConnection connection, SslHandler tls, InetSocketAddress address,
                                     CompletableFuture<TcpConnection> result) {
        if (tls == null) {
            result.complete(connection);
            return;
        }
        tls.handshakeFuture().addListener(h -> {
            if (h.isSuccess()) {
                result.complete(connection);
            } else {
                metrics.error(TransportMetrics.ErrorType.CONNECTION);
                connection.close();
                result.completeExceptionally(new TransportException(
                        "TLS handshake with " + address + " failed: " + h.cause().getMessage(), h.cause()));
            }
        });
    }
}
