package io.weir.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.TcpStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One stream, one direction: a producer thread offers records as fast as credit allows; the receiving
 * listener grants credit in half-window steps. Server and client each get one event loop, like two processes.
 */
final class StreamThroughput {

    private static final int WINDOW = 1 << 16;

    static double run(BenchConfig config) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        AtomicBoolean running = new AtomicBoolean(true);
        Throughput throughput = new Throughput();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
        try (TcpServer server = TcpServer.start(serverGroup, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS,
                (stream, body) -> producer(stream, config.recordBytes(), running), metrics)) {
            TcpConnection connection = new TcpClient(clientGroup, TcpSettings.DEFAULTS, metrics)
                    .connect(server.address()).join();
            Counter counter = new Counter(throughput);
            counter.stream = connection.open(Map.of("bench", "throughput"), counter);
            counter.stream.request(WINDOW);
            double rate = throughput.measure(1000, config.seconds());
            running.set(false);
            connection.close().join();
            return rate;
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static StreamListener producer(TcpStream stream, int recordBytes, AtomicBoolean running) {
        byte[] record = new byte[recordBytes];
        Thread thread = Thread.ofPlatform().name("stream-producer").start(() -> {
            while (running.get() && stream.isOpen()) {
                if (!stream.offer(record)) {
                    LockSupport.parkNanos(100_000);
                }
            }
        });
        return new StreamListener() {
            @Override
            public void onRecord(ByteBuf ignored) {
            }

            @Override
            public void onEnd() {
            }

            @Override
            public void onError(TransportException error) {
                running.set(false);
            }

            @Override
            public void onWritable() {
                LockSupport.unpark(thread);
            }
        };
    }

    /** Counts records on the client's event loop and grants credit half a window at a time. */
    private static final class Counter implements StreamListener {
        private final Throughput throughput;
        TcpStream stream;
        private long count;

        Counter(Throughput throughput) {
            this.throughput = throughput;
        }

        @Override
        public void onRecord(ByteBuf record) {
            if ((++count & 1023) == 0) {
                throughput.add(1024);
            }
            if (count % (WINDOW / 2) == 0) {
                stream.request(WINDOW / 2);
            }
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onError(TransportException error) {
        }
    }
}
