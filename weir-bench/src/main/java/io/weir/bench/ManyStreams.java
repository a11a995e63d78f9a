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
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * N concurrent streams on one connection: heap per stream (both ends, same JVM) after opening them, and
 * the total record rate when one producer thread feeds all of them round-robin, each under a 64-record window.
 */
final class ManyStreams {

    private static final int WINDOW = 64;

    record Result(double bytesPerStream, double recordsPerSecond) { }

    static Result run(BenchConfig config, int streams) throws Exception {
        EventLoopGroup serverGroup = config.newGroup();
        EventLoopGroup clientGroup = config.newGroup();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Throughput throughput = new Throughput();
        TcpSettings settings = TcpSettings.DEFAULTS.withMaxStreamsPerConnection(streams);
        try (TcpServer server = TcpServer.start(serverGroup, new InetSocketAddress("127.0.0.1", 0), settings,
                (stream, body) -> {
                    accepted.add(stream);
                    return Quiet.INSTANCE;
                }, metrics)) {
            TcpConnection connection = new TcpClient(clientGroup, settings, metrics).connect(server.address()).join();
            long before = usedHeap();
            for (int i = 0; i < streams; i++) {
                Counter counter = new Counter(throughput);
                counter.stream = connection.open(Map.of("i", Integer.toString(i)), counter);
                counter.stream.request(WINDOW);
            }
            while (accepted.size() < streams) {
                Thread.onSpinWait();
            }
            double perStream = (usedHeap() - before) / (double) streams;
            byte[] record = new byte[config.recordBytes()];
            Thread producer = Thread.ofPlatform().name("many-producer").start(() -> {
                while (running.get()) {
                    boolean any = false;
                    for (TcpStream stream : accepted) {
                        for (int k = 0; k < 8 && stream.offer(record); k++) {
                            any = true;
                        }
                    }
                    if (!any) {
                        LockSupport.parkNanos(50_000);
                    }
                }
            });
            double rate = throughput.measure(1000, config.seconds());
            running.set(false);
            producer.join();
            connection.close().join();
            return new Result(perStream, rate);
        } finally {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static String describe(Result r, int streams) {
        return String.format(Locale.ROOT, "%,d streams on one connection: %,.0f bytes of heap per stream (both ends), "
                + "%,.0f records/s in total", streams, r.bytesPerStream(), r.recordsPerSecond());
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Counts records and tops the window up by half when half is used. */
    private static final class Counter implements StreamListener {
        private final Throughput throughput;
        TcpStream stream;
        private int sinceGrant;

        Counter(Throughput throughput) {
            this.throughput = throughput;
        }

        @Override
        public void onRecord(ByteBuf record) {
            if (++sinceGrant == WINDOW / 2) {
                sinceGrant = 0;
                stream.request(WINDOW / 2);
                throughput.add(WINDOW / 2);
            }
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onError(TransportException error) {
        }
    }

    /** The producer side ignores its (empty) inbound half. */
    private enum Quiet implements StreamListener {
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
