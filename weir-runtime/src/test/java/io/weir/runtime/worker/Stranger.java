package io.weir.runtime.worker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.weir.transport.TransportException;
import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.frame.ErrorCode;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A peer that opens subscription streams on a worker's data port with whatever parameters a test gives it. */
final class Stranger implements AutoCloseable {

    /** One stream the stranger opened: what it received and how it ended. */
    static final class Opened implements StreamListener {
        final AtomicInteger records = new AtomicInteger();
        final AtomicReference<TransportException> error = new AtomicReference<>();
        final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void onRecord(ByteBuf record) {
            records.incrementAndGet();
        }

        @Override
        public void onEnd() {
            ended.set(true);
        }

        @Override
        public void onError(TransportException e) {
            error.set(e);
        }

        boolean refused() {
            return error.get() instanceof StreamException se && se.code() == ErrorCode.FORBIDDEN;
        }

        boolean over() {
            return ended.get() || error.get() != null;
        }
    }

    private final EventLoopGroup group = TcpChannels.newGroup(1);
    private final TcpClient client = new TcpClient(group, TcpSettings.DEFAULTS,
            new TransportMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), TransportId.TCP, Plane.STREAM));
    private final ConcurrentLinkedQueue<io.weir.transport.tcp.TcpConnection> connections = new ConcurrentLinkedQueue<>();

    /** Opens a stream to {@code port} with {@code params} and {@code credit} initial credit, on a connection of its own. */
    Opened open(int port, Map<String, String> params, int credit) throws Exception {
        var connection = client.connect(new InetSocketAddress("127.0.0.1", port)).get(5, TimeUnit.SECONDS);
        connections.add(connection);
        var opened = new Opened();
        connection.open(params, Unpooled.EMPTY_BUFFER, credit, opened);
        return opened;
    }

    @Override
    public void close() {
        connections.forEach(io.weir.transport.tcp.TcpConnection::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
