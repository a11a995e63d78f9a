package io.weir.transport.tcp.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.TcpClient;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlowAdaptersTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ExecutorService producers = Executors.newCachedThreadPool();
    private final TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
    private final AtomicReference<SubmissionPublisher<byte[]>> upstream = new AtomicReference<>();
    private TcpServer server;
    private TcpConnection connection;

    @BeforeEach
    void start() {
        server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 0), TcpSettings.DEFAULTS, (stream, body) -> {
            int count = Integer.parseInt(stream.params().get("count"));
            StreamSubscriber sender = new StreamSubscriber(stream);
            SubmissionPublisher<byte[]> publisher = new SubmissionPublisher<>(producers, 64);
            upstream.set(publisher);
            publisher.subscribe(sender);
            producers.execute(() -> {
                for (int i = 0; i < count && !publisher.isClosed() && publisher.hasSubscribers(); i++) {
                    publisher.submit(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                }
                publisher.close();
            });
            return sender;
        }, metrics);
        connection = new TcpClient(group, TcpSettings.DEFAULTS, metrics).connect(server.address()).join();
    }

    @AfterEach
    void stop() {
        connection.close().join();
        server.close();
        producers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void demandBecomesCreditAndEveryRecordArrivesInOrder() {
        Collector collector = new Collector(100);
        new StreamPublisher(connection, Map.of("count", "20000")).subscribe(collector);
        await().untilTrue(collector.completed);
        assertThat(collector.items).isEqualTo(IntStream.range(0, 20_000).mapToObj(Integer::toString).toList());
        assertThat(collector.error.get()).isNull();
    }

    @Test
    void cancelStopsTheSendingPublisher() {
        Collector collector = new Collector(0);
        new StreamPublisher(connection, Map.of("count", "1000000")).subscribe(collector);
        collector.subscription.get().request(10);
        await().until(() -> collector.items.size() == 10);
        collector.subscription.get().cancel();
        await().until(() -> upstream.get() != null && !upstream.get().hasSubscribers());
        assertThat(collector.items).hasSize(10);
    }

    /** Requests {@code batch} at a time (0: only what the test asks for). */
    private static final class Collector implements Flow.Subscriber<byte[]> {
        final List<String> items = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private final int batch;

        Collector(int batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            if (batch > 0) {
                s.request(batch);
            }
        }

        @Override
        public void onNext(byte[] item) {
            items.add(new String(item, StandardCharsets.UTF_8));
            if (batch > 0 && items.size() % batch == 0) {
                subscription.get().request(batch);
            }
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            completed.set(true);
        }
    }
}
