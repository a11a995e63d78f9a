package io.weir.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.metrics.TransportMetrics.ErrorType;
import io.weir.transport.tcp.frame.ErrorCode;
import io.weir.transport.tcp.frame.Frame;
import io.weir.transport.tcp.frame.FrameDecoder;
import io.weir.transport.tcp.frame.FrameWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The full connection pipeline on an {@link EmbeddedChannel}, with time advanced by hand. */
class ConnectionPipelineTest {

    private final TransportMetrics metrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
    private final List<RecordingListener> accepted = new ArrayList<>();
    private final List<TcpStream> streams = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private TcpConnection connection;

    private void configure(TcpSettings settings) {
        channel.freezeTime();
        connection = TcpChannelInitializer.configure(channel, false, settings, (stream, body) -> {
            RecordingListener listener = new RecordingListener();
            accepted.add(listener);
            streams.add(stream);
            return listener;
        }, metrics, c -> { });
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void receive(Frame frame) {
        ByteBuf wire = Unpooled.buffer();
        FrameWriter.write(frame, wire);
        channel.writeInbound(wire);
    }

    /** Decodes everything the connection wrote so far. */
    private List<Object> sent() {
        channel.runPendingTasks();
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1 << 24));
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            decoder.writeInbound(out);
        }
        List<Object> frames = new ArrayList<>();
        Object frame;
        while ((frame = decoder.readInbound()) != null) {
            frames.add(frame);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }

    @Test
    void malformedBytesCloseTheConnectionWithAnErrorFrameAndACountedMetric() {
        configure(TcpSettings.DEFAULTS);
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        List<Object> sent = sent();
        assertThat(sent).hasSize(1);
        Frame.Error error = (Frame.Error) sent.get(0);
        assertThat(error.streamId()).isZero();
        assertThat(error.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.errors(ErrorType.PROTOCOL)).isEqualTo(1);
    }

    @Test
    void recordsBeyondGrantedCreditCloseTheConnection() {
        configure(TcpSettings.DEFAULTS);
        receive(new Frame.Open(1, Map.of(), Unpooled.EMPTY_BUFFER, false, 0));
        ByteBuf data = Unpooled.buffer();
        int start = FrameWriter.beginData(data, 1);
        FrameWriter.appendRecord(data, new byte[] {1});
        FrameWriter.finishData(data, start, 1);
        channel.writeInbound(data);
        List<Object> sent = sent();
        assertThat(sent).singleElement().isInstanceOfSatisfying(Frame.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FLOW_CONTROL));
        assertThat(channel.isOpen()).isFalse();
        assertThat(accepted.get(0).records).isEmpty();
        assertThat(accepted.get(0).error.get()).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("credit for 0");
    }

    private void tick() {
        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void silentPeerIsClosedAfterMissedPongs() {
        configure(TcpSettings.DEFAULTS.withHeartbeat(500, 3));
        receive(new Frame.Open(1, Map.of(), Unpooled.EMPTY_BUFFER, true, 0));
        tick(); // the OPEN counts as traffic: no PING yet
        assertThat(sent()).isEmpty();
        List<Object> pings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tick();
            pings.addAll(sent());
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(pings).hasSize(3).allMatch(f -> f instanceof Frame.Ping);
        tick();
        assertThat(sent()).singleElement().isInstanceOfSatisfying(Frame.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.errors(ErrorType.TIMEOUT)).isEqualTo(1);
        assertThat(accepted.get(0).error.get()).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void peerThatAnswersPingsStaysConnected() {
        configure(TcpSettings.DEFAULTS.withHeartbeat(500, 3));
        for (int tick = 0; tick < 20; tick++) {
            tick();
            for (Object frame : sent()) {
                receive(new Frame.Pong(((Frame.Ping) frame).payload()));
            }
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat(connection.isHealthy()).isTrue();
    }

    @Test
    void busyConnectionSendsNoPings() {
        configure(TcpSettings.DEFAULTS.withHeartbeat(500, 3));
        for (int tick = 0; tick < 10; tick++) {
            receive(new Frame.Ping(tick));
            assertThat(sent()).containsExactly(new Frame.Pong(tick));
            tick();
        }
        assertThat(sent()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void queuedRecordsAreBatchedIntoOneDataFrame() {
        configure(TcpSettings.DEFAULTS);
        receive(new Frame.Open(1, Map.of(), Unpooled.EMPTY_BUFFER, true, 0));
        receive(new Frame.Credit(1, 100));
        TcpStream stream = streams.get(0);
        for (int i = 0; i < 100; i++) {
            assertThat(stream.offer(("r" + i).getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        assertThat(stream.offer(new byte[1])).isFalse();
        stream.end();
        List<Object> sent = sent();
        assertThat(sent).hasSize(2);
        Frame.Data data = (Frame.Data) sent.get(0);
        assertThat(data.recordCount()).isEqualTo(100);
        data.release();
        assertThat(sent.get(1)).isEqualTo(new Frame.End(1));
        assertThat(connection.activeStreams()).isZero();
    }

    @Test
    void creditBeyondTheProtocolCapClosesTheConnection() {
        configure(TcpSettings.DEFAULTS);
        receive(new Frame.Open(1, Map.of(), Unpooled.EMPTY_BUFFER, true, 0));
        receive(new Frame.Credit(1, 1 << 30));
        receive(new Frame.Credit(1, 1));
        assertThat(sent()).singleElement().isInstanceOfSatisfying(Frame.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FLOW_CONTROL));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void randomButWellFormedFrameSequencesNeverBreakTheConnectionHandler() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int run = 0; run < 300; run++) {
            EmbeddedChannel fuzzed = new EmbeddedChannel();
            TransportMetrics fuzzMetrics = TransportMetrics.noop(TransportId.TCP, Plane.STREAM);
            TcpChannelInitializer.configure(fuzzed, run % 2 == 0, TcpSettings.DEFAULTS.withMaxStreamsPerConnection(4),
                    (stream, body) -> {
                        stream.offer(new byte[] {1});
                        if (random.nextBoolean()) {
                            stream.end();
                        }
                        return new RecordingListener();
                    }, fuzzMetrics, c -> { });
            for (int i = 0; i < 40 && fuzzed.isOpen(); i++) {
                int stream = random.nextInt(0, 9);
                Frame frame = switch (random.nextInt(8)) {
                    case 0 -> new Frame.Open(stream == 0 ? 1 : stream, Map.of("k", "v"), Unpooled.EMPTY_BUFFER,
                            random.nextBoolean(), random.nextInt(0, 3));
                    case 1 -> new Frame.Credit(Math.max(1, stream), random.nextInt(1, 5));
                    case 2 -> new Frame.End(Math.max(1, stream));
                    case 3 -> new Frame.Cancel(Math.max(1, stream), random.nextBoolean());
                    case 4 -> new Frame.Error(stream, ErrorCode.HANDLER, "x");
                    case 5 -> new Frame.Ping(i);
                    case 6 -> new Frame.Pong(i);
                    default -> null;
                };
                if (frame == null) {
                    ByteBuf data = Unpooled.buffer();
                    int start = FrameWriter.beginData(data, Math.max(1, stream));
                    FrameWriter.appendRecord(data, new byte[] {2});
                    FrameWriter.finishData(data, start, 1);
                    fuzzed.writeInbound(data);
                } else {
                    ByteBuf wire = Unpooled.buffer();
                    FrameWriter.write(frame, wire);
                    fuzzed.writeInbound(wire);
                }
                fuzzed.runPendingTasks();
            }
            fuzzed.checkException();
            fuzzed.finishAndReleaseAll();
        }
    }
}
