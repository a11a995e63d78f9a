package io.weir.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.frame.FrameDecoder;
import io.weir.transport.tcp.frame.FrameEncoder;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** Builds a stream connection's pipeline: security (e.g. TLS), traffic counter, frame codec, heartbeat, multiplexer. */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final boolean client;
    private final TcpSettings settings;
    private final StreamAcceptor acceptor;
    private final TransportMetrics metrics;
    private final Consumer<TcpConnection> onConnection;
    private final InetSocketAddress dialed;

    TcpChannelInitializer(boolean client, TcpSettings settings, StreamAcceptor acceptor, TransportMetrics metrics,
                          Consumer<TcpConnection> onConnection) {
        this(client, settings, acceptor, metrics, onConnection, null);
    }

    TcpChannelInitializer(boolean client, TcpSettings settings, StreamAcceptor acceptor, TransportMetrics metrics,
                          Consumer<TcpConnection> onConnection, InetSocketAddress dialed) {
        this.client = client;
        this.settings = settings;
        this.acceptor = acceptor;
        this.metrics = metrics;
        this.onConnection = onConnection;
        this.dialed = dialed;
    }

    @Override
    protected void initChannel(Channel ch) {
        settings.security().secure(ch, client, dialed);
        configure(ch, client, settings, acceptor, metrics, onConnection);
    }

    /** Installs the handlers on {@code ch} and hands the resulting connection to {@code onConnection}. */
    static TcpConnection configure(Channel ch, boolean client, TcpSettings settings, StreamAcceptor acceptor,
                                   TransportMetrics metrics, Consumer<TcpConnection> onConnection) {
        ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(settings.writeBufferHighBytes() / 2, settings.writeBufferHighBytes()));
        Heartbeat heartbeat = new Heartbeat(settings.pingIntervalMillis(), settings.maxMissedPongs());
        Multiplexer mux = new Multiplexer(client, settings, acceptor, metrics);
        ch.pipeline().addLast("traffic", new TrafficCounter(metrics))
                .addLast("decoder", new FrameDecoder(settings.maxFrameBytes()))
                .addLast("encoder", ENCODER)
                .addLast("heartbeat", heartbeat)
                .addLast("mux", mux);
        TcpConnection connection = new TcpConnection(ch, mux, heartbeat);
        onConnection.accept(connection);
        return connection;
    }
}
