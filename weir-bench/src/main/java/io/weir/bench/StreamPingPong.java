package io.weir.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.StreamAcceptor;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Request/response round trips: a request is an OPEN with a body and initial credit 1, the answer is one
 * record and END. Either over one reused connection, or over a new connection per request.
 */
final class StreamPingPong {

    private static final Map<String, String> PARAMS = Map.of("endpoint", "echo");

    /**
     * Round trips issued from the client's event loop: each answer's END sends the next request, so the
     * numbers show the transport without the handoff to and from a blocked caller thread.
     */
    static Histogram runOnLoop(BenchConfig config) throws Exception {
        return runOnLoop(config, 1);
    }

    /** Like {@link #runOnLoop(BenchConfig)} with {@code inFlight} requests outstanding at all times. */
    static Histogram runOnLoop(BenchConfig config, int inFlight) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.REQUEST);
        try (TcpServer server = TcpServer.start(serverGroup, new InetSocketAddress("127.0.0.1", 0),
                TcpSettings.DEFAULTS, ECHO, metrics)) {
            TcpConnection connection = new TcpClient(clientGroup, TcpSettings.DEFAULTS, metrics)
                    .connect(server.address()).join();
            Histogram histogram = new Histogram(3);
            List<LoopDriver> drivers = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                LoopDriver driver = new LoopDriver(connection, new byte[config.recordBytes()],
                        config.roundTrips() / 2 / inFlight, config.roundTrips() / inFlight);
                drivers.add(driver);
                clientGroup.execute(driver::next);
            }
            for (LoopDriver driver : drivers) {
                histogram.add(driver.done.join());
            }
            connection.close().join();
            return histogram;
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static final StreamAcceptor ECHO = (stream, body) -> {
        byte[] answer = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), answer);
        stream.offer(answer);
        stream.end();
        return Sink.INSTANCE;
    };

    /** Sends a request, and the next one from the previous answer's END, on the event loop. */
    private static final class LoopDriver implements StreamListener {
        final CompletableFuture<Histogram> done = new CompletableFuture<>();
        private final Histogram histogram = new Histogram(3);
        private final TcpConnection connection;
        private final byte[] request;
        private final int warmup;
        private final int total;
        private int sent;
        private long start;

        LoopDriver(TcpConnection connection, byte[] request, int warmup, int measured) {
            this.connection = connection;
            this.request = request;
            this.warmup = warmup;
            this.total = warmup + measured;
        }

        void next() {
            start = System.nanoTime();
            sent++;
            connection.open(PARAMS, Unpooled.wrappedBuffer(request), 1, this);
        }

        @Override
        public void onRecord(ByteBuf record) {
        }

        @Override
        public void onEnd() {
            if (sent > warmup) {
                histogram.recordValue((System.nanoTime() - start) / 1000);
            }
            if (sent < total) {
                next();
            } else {
                done.complete(histogram);
            }
        }

        @Override
        public void onError(TransportException error) {
            done.completeExceptionally(error);
        }
    }

    static Histogram run(BenchConfig config, boolean newConnectionPerRequest) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.REQUEST);
        StreamAcceptor echo = ECHO;
        try (TcpServer server = TcpServer.start(serverGroup, new InetSocketAddress("127.0.0.1", 0),
                TcpSettings.DEFAULTS, echo, metrics)) {
            TcpClient client = new TcpClient(clientGroup, TcpSettings.DEFAULTS, metrics);
            byte[] request = new byte[config.recordBytes()];
            int roundTrips = newConnectionPerRequest ? Math.max(1000, config.roundTrips() / 10) : config.roundTrips();
            Histogram histogram = new Histogram(3);
            TcpConnection pooled = newConnectionPerRequest ? null : client.connect(server.address()).join();
            int warmup = roundTrips / 2;
            for (int i = 0; i < warmup + roundTrips; i++) {
                long start = System.nanoTime();
                TcpConnection connection = pooled != null ? pooled : client.connect(server.address()).join();
                Reply reply = new Reply();
                connection.open(PARAMS, Unpooled.wrappedBuffer(request), 1, reply);
                reply.join();
                long micros = (System.nanoTime() - start) / 1000;
                if (pooled == null) {
                    connection.close();
                }
                if (i >= warmup) {
                    histogram.recordValue(micros);
                }
            }
            if (pooled != null) {
                pooled.close().join();
            }
            return histogram;
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Completes when the answer's END arrives. */
    private static final class Reply extends CompletableFuture<Void> implements StreamListener {
        @Override
        public void onRecord(ByteBuf record) {
        }

        @Override
        public void onEnd() {
            complete(null);
        }

        @Override
        public void onError(TransportException error) {
            completeExceptionally(error);
        }
    }

    /** Ignores the caller's (empty) half of the stream. */
    private enum Sink implements StreamListener {
        INSTANCE;

        @Override
        public void onRecord(ByteBuf record) {
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onError(TransportException error) {
        }
    }
}
