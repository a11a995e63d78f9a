package io.weir.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.frame.ErrorCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpStreamEndToEndTest {

    private static EventLoopGroup group;
    private final TransportMetrics serverMetrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
    private final TransportMetrics clientMetrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
    private final AtomicReference<TcpStream> serverStream = new AtomicReference<>();
    private final AtomicInteger offered = new AtomicInteger();
    private TcpServer server;
    private TcpConnection connection;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close().join();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A producer that sends "0".."count-1" as far as credit allows, then ends; resumes on credit. */
    private StreamAcceptor counter(TcpSettings settings) {
        return (stream, body) -> {
            serverStream.set(stream);
            int count = Integer.parseInt(stream.params().get("count"));
            StreamListener listener = new RecordingListener() {
                @Override
                public void onWritable() {
                    produce(stream, count);
                }
            };
            return listener;
        };
    }

    private void produce(TcpStream stream, int count) {
        while (offered.get() < count && stream.offer(String.valueOf(offered.get()).getBytes(StandardCharsets.UTF_8))) {
            offered.incrementAndGet();
        }
        if (offered.get() == count) {
            stream.end();
        }
    }

    private void start(TcpSettings settings, StreamAcceptor acceptor) {
        server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), settings, acceptor, serverMetrics);
        connection = new TcpClient(group, settings, clientMetrics).connect(server.address()).join();
    }

    @Test
    void recordsArriveInOrderWithoutLossOrDuplication() {
        start(TcpSettings.DEFAULTS, counter(TcpSettings.DEFAULTS));
        int count = 50_000;
        AtomicReference<TcpStream> stream = new AtomicReference<>();
        RecordingListener received = new RecordingListener() {
            @Override
            public void onRecord(ByteBuf record) {
                super.onRecord(record);
                if (records.size() % 256 == 0) {
                    stream.get().request(256);
                }
            }
        };
        stream.set(connection.open(Map.of("count", String.valueOf(count)), received));
        stream.get().request(512);
        await().untilTrue(received.ended);
        assertThat(received.records).hasSize(count);
        assertThat(received.records).isEqualTo(IntStream.range(0, count).mapToObj(String::valueOf).toList());
        assertThat(received.error.get()).isNull();
        await().until(() -> connection.activeStreams() == 0 && serverMetrics.activeStreams() == 0);
    }

    @Test
    void theSenderOfASubscriptionHearsItIsDoneOnceItsEndIsWritten() {
        var serverSide = new RecordingListener();
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            serverStream.set(stream);
            return serverSide;
        });
        var received = new RecordingListener();
        connection.open(Map.of(), Unpooled.EMPTY_BUFFER, 10, received);
        await().until(() -> serverStream.get() != null && serverStream.get().credits() == 10);
        serverStream.get().offer("last".getBytes(StandardCharsets.UTF_8));
        assertThat(serverSide.done).isFalse();

        serverStream.get().end();

        await().until(() -> serverSide.done.get() && received.ended.get());
        assertThat(received.records).containsExactly("last");
        assertThat(serverSide.error.get()).isNull();
        assertThat(received.done).as("the subscriber's half never ends; it is done when the END arrives").isTrue();
    }

    @Test
    void stalledConsumerStopsItsProducer() {
        start(TcpSettings.DEFAULTS, counter(TcpSettings.DEFAULTS));
        RecordingListener received = new RecordingListener();
        TcpStream stream = connection.open(Map.of("count", "1000"), received);
        stream.request(10);
        await().until(() -> received.records.size() == 10);
        TcpStream producer = serverStream.get();
        assertThat(producer.offer("extra".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(offered.get()).isEqualTo(10);
        assertThat(producer.credits()).isZero();
        assertThat(serverMetrics.creditStalls()).isPositive();

        stream.request(5);
        await().until(() -> received.records.size() == 15);
        assertThat(offered.get()).isEqualTo(15);
        assertThat(received.records).isEqualTo(IntStream.range(0, 15).mapToObj(String::valueOf).toList());
    }

    @Test
    void manyStreamsShareOneConnection() {
        AtomicInteger accepted = new AtomicInteger();
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            accepted.incrementAndGet();
            String name = stream.params().get("name");
            return new RecordingListener() {
                @Override
                public void onWritable() {
                    for (int i = 0; i < 3; i++) {
                        stream.offer((name + "-" + i).getBytes(StandardCharsets.UTF_8));
                    }
                    stream.end();
                }
            };
        });
        List<RecordingListener> listeners = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            connection.open(Map.of("name", "s" + s), listener).request(3);
        }
        await().until(() -> listeners.stream().allMatch(l -> l.ended.get()));
        for (int s = 0; s < 200; s++) {
            assertThat(listeners.get(s).records).containsExactly("s" + s + "-0", "s" + s + "-1", "s" + s + "-2");
        }
        assertThat(accepted.get()).isEqualTo(200);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void connectionLossIsReportedToEveryStreamAtOnce() {
        start(TcpSettings.DEFAULTS, (stream, body) -> new RecordingListener());
        List<RecordingListener> listeners = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            connection.open(Map.of(), listener);
        }
        await().until(() -> serverMetrics.activeStreams() == 5);
        server.close();
        await().until(() -> listeners.stream().allMatch(l -> l.error.get() != null));
        assertThat(listeners).allSatisfy(l -> assertThat(l.error.get()).isInstanceOf(ConnectionLostException.class));
        assertThat(connection.activeStreams()).isZero();
    }

    @Test
    void streamsBeyondTheLimitAreRefused() {
        TcpSettings settings = TcpSettings.DEFAULTS.withMaxStreamsPerConnection(2);
        start(settings, (stream, body) -> new RecordingListener());
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        RecordingListener third = new RecordingListener();
        connection.open(Map.of(), first);
        connection.open(Map.of(), second);
        connection.open(Map.of(), third);
        await().until(() -> third.error.get() != null);
        assertThat(((StreamException) third.error.get()).code()).isEqualTo(ErrorCode.REFUSED_STREAM);
        assertThat(first.error.get()).isNull();
        assertThat(second.error.get()).isNull();
    }

    @Test
    void serverRefusesStreamsBeyondItsOwnLimit() {
        server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0),
                TcpSettings.DEFAULTS.withMaxStreamsPerConnection(1), (stream, body) -> new RecordingListener(),
                serverMetrics);
        connection = new TcpClient(group, TcpSettings.DEFAULTS, clientMetrics).connect(server.address()).join();
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        connection.open(Map.of(), first);
        connection.open(Map.of(), second);
        await().until(() -> second.error.get() != null);
        assertThat(second.error.get()).hasMessageContaining("maxStreamsPerConnection");
        assertThat(serverMetrics.errors(TransportMetrics.ErrorType.REFUSED)).isEqualTo(1);
    }

    @Test
    void handlerErrorsReachTheCallerAsErrors() {
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            if (stream.params().containsKey("throw")) {
                throw new IllegalStateException("no such endpoint: " + stream.params().get("throw"));
            }
            stream.fail("handler failed: disk full");
            return new RecordingListener();
        });
        RecordingListener refused = new RecordingListener();
        connection.open(Map.of("throw", "words"), refused);
        RecordingListener failed = new RecordingListener();
        connection.open(Map.of(), failed).request(1);
        await().until(() -> refused.error.get() != null && failed.error.get() != null);
        assertThat(refused.error.get()).hasMessage("no such endpoint: words");
        assertThat(((StreamException) failed.error.get()).code()).isEqualTo(ErrorCode.HANDLER);
        assertThat(failed.error.get()).hasMessage("handler failed: disk full");
        assertThat(failed.ended).isFalse();
    }

    @Test
    void whatAStreamSendsRightAfterOpeningNeverOvertakesItsOpenEvenWhenTheConnectionIsAlreadyDraining()
            throws Exception {
        Map<String, RecordingListener> accepted = new java.util.concurrent.ConcurrentHashMap<>();
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            stream.request(10);
            var listener = new RecordingListener();
            accepted.put(stream.params().get("name"), listener);
            return listener;
        });
        TcpStream busy = connection.openDuplex(Map.of("name", "busy"), new RecordingListener());
        await().until(() -> busy.credits() == 10);

        var hold = new java.util.concurrent.CountDownLatch(1);
        group.forEach(loop -> loop.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            busy.offer("busy".getBytes(StandardCharsets.UTF_8)); // the drain is scheduled before the next OPEN
            TcpStream refused = connection.openDuplex(Map.of("name", "refused"), new RecordingListener());
            refused.fail("refused at once");
            TcpStream ended = connection.openDuplex(Map.of("name", "ended"), new RecordingListener());
            ended.end();
        } finally {
            hold.countDown();
        }

        await().until(() -> accepted.containsKey("refused") && accepted.get("refused").error.get() != null
                && accepted.containsKey("ended") && accepted.get("ended").ended.get());
        assertThat(accepted.get("refused").error.get()).hasMessage("refused at once");
        assertThat(accepted.get("busy").records).containsExactly("busy");
    }

    @Test
    void stopReachesTheHandlerGracefullyAndKillAborts() {
        List<RecordingListener> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            RecordingListener handler = new RecordingListener() {
                @Override
                public void onCancel(boolean graceful) {
                    super.onCancel(graceful);
                    if (graceful) {
                        stream.end();
                    }
                }
            };
            handlers.add(handler);
            return handler;
        });
        RecordingListener stopped = new RecordingListener();
        TcpStream stop = connection.open(Map.of(), stopped);
        await().until(() -> handlers.size() == 1);
        stop.cancel(true);
        await().untilTrue(stopped.ended);
        assertThat(handlers.get(0).cancelled.get()).isTrue();

        RecordingListener killed = new RecordingListener();
        TcpStream kill = connection.open(Map.of(), killed);
        await().until(() -> handlers.size() == 2);
        kill.cancel(false);
        await().until(() -> handlers.get(1).cancelled.get() != null);
        assertThat(handlers.get(1).cancelled.get()).isFalse();
        assertThat(kill.isOpen()).isFalse();
        await().until(() -> serverMetrics.activeStreams() == 0 && connection.activeStreams() == 0);
    }

    @Test
    void requestCarriesItsBodyAndInitialCreditSoTheHandlerAnswersAtOnce() {
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            stream.offer(("echo:" + body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            stream.end();
            return new RecordingListener();
        });
        RecordingListener response = new RecordingListener();
        connection.open(Map.of("endpoint", "echo"), io.netty.buffer.Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8),
                1, response);
        await().untilTrue(response.ended);
        assertThat(response.records).containsExactly("echo:hi");
        await().until(() -> connection.activeStreams() == 0 && serverMetrics.activeStreams() == 0);
    }

    @Test
    void silentPeerIsDetectedByHeartbeatsAndEveryStreamHearsOfIt() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread holder = Thread.ofVirtual().start(() -> {
                try (java.net.Socket ignored = silent.accept()) {
                    new java.util.concurrent.CountDownLatch(1).await(); // accepts, never answers: a frozen process
                } catch (Exception stopped) {
                    // test over
                }
            });
            TcpSettings fast = TcpSettings.DEFAULTS.withHeartbeat(50, 3);
            TcpConnection frozen = new TcpClient(group, fast, clientMetrics)
                    .connect((InetSocketAddress) silent.getLocalSocketAddress()).join();
            List<RecordingListener> listeners = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                RecordingListener listener = new RecordingListener();
                listeners.add(listener);
                frozen.open(Map.of(), listener);
            }
            long start = System.nanoTime();
            await().atMost(java.time.Duration.ofSeconds(2))
                    .until(() -> listeners.stream().allMatch(l -> l.error.get() != null));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isLessThan(1000);
            assertThat(listeners).allSatisfy(l -> assertThat(((StreamException) l.error.get()).code())
                    .isEqualTo(ErrorCode.TIMEOUT));
            assertThat(frozen.isActive()).isFalse();
            assertThat(clientMetrics.errors(TransportMetrics.ErrorType.TIMEOUT)).isEqualTo(1);
            holder.interrupt();
        }
    }

    @Test
    void connectionsBeyondTheServerLimitAreRefusedWithAReason() {
        server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS, 1,
                (stream, body) -> new RecordingListener(), serverMetrics);
        TcpClient client = new TcpClient(group, TcpSettings.DEFAULTS, clientMetrics);
        connection = client.connect(server.address()).join();
        TcpConnection second = client.connect(server.address()).join();
        RecordingListener refused = new RecordingListener();
        second.open(Map.of(), refused);
        await().until(() -> refused.error.get() != null);
        assertThat(refused.error.get()).hasMessageContaining("maxConnections");
        assertThat(((StreamException) refused.error.get()).code()).isEqualTo(ErrorCode.REFUSED_STREAM);
        assertThat(connection.isActive()).isTrue();
        assertThat(serverMetrics.errors(TransportMetrics.ErrorType.REFUSED)).isEqualTo(1);
    }

    @Test
    void gracefulShutdownLetsOpenStreamsFinishAndRefusesNewOnes() {
        start(TcpSettings.DEFAULTS, (stream, body) -> {
            serverStream.set(stream);
            return new RecordingListener();
        });
        RecordingListener open = new RecordingListener();
        connection.open(Map.of(), open).request(10);
        await().until(() -> serverStream.get() != null);
        java.util.concurrent.CompletableFuture<Void> shutdown = server.closeGracefully(java.time.Duration.ofSeconds(5));
        await().until(connection::isGoingAway);
        assertThat(connection.isHealthy()).isFalse();
        RecordingListener late = new RecordingListener();
        connection.open(Map.of(), late);
        await().until(() -> late.error.get() != null);
        assertThat(((StreamException) late.error.get()).code()).isEqualTo(ErrorCode.REFUSED_STREAM);
        assertThat(late.error.get()).hasMessageContaining("GOING_AWAY");

        TcpStream producer = serverStream.get();
        for (int i = 0; i < 3; i++) {
            assertThat(producer.offer(("r" + i).getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        producer.end();
        await().untilTrue(open.ended);
        assertThat(open.records).containsExactly("r0", "r1", "r2");
        assertThat(open.error.get()).isNull();
        shutdown.join();
        await().until(() -> !connection.isActive());
    }
}
