package io.weir.transport.tcp.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final int MAX = 1 << 16;

    private final EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());
    private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(MAX));

    private Object roundTrip(Frame frame) {
        assertThat(encoder.writeOutbound(frame)).isTrue();
        ByteBuf wire = encoder.readOutbound();
        decoder.writeInbound(wire);
        Object decoded = decoder.readInbound();
        Object extra = decoder.readInbound();
        assertThat(extra).isNull();
        return decoded;
    }

    @Test
    void controlFramesRoundTrip() {
        List<Frame> frames = List.of(new Frame.Credit(3, 1000), new Frame.End(5), new Frame.Cancel(7, true),
                new Frame.Cancel(7, false), new Frame.Ping(42), new Frame.Pong(-1),
                new Frame.Error(9, ErrorCode.HANDLER, "boom: ünïcode"), new Frame.Error(0, ErrorCode.TIMEOUT, ""));
        for (Frame frame : frames) {
            assertThat(roundTrip(frame)).isEqualTo(frame);
        }
    }

    @Test
    void openCarriesUtf8ParametersAndBody() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("endpoint", "wörds");
        params.put("mql", "select * where x == 'ß'");
        params.put("", "");
        Frame.Open open = new Frame.Open(1, params, Unpooled.copiedBuffer("request", StandardCharsets.UTF_8), true, 64);
        Frame.Open decoded = (Frame.Open) roundTrip(open);
        try {
            assertThat(decoded.streamId()).isEqualTo(1);
            assertThat(decoded.end()).isTrue();
            assertThat(decoded.initialCredit()).isEqualTo(64);
            assertThat(decoded.params()).isEqualTo(params);
            assertThat(decoded.content().toString(StandardCharsets.UTF_8)).isEqualTo("request");
        } finally {
            decoded.release();
        }
    }

    @Test
    void dataBatchRoundTripsRecordsInOrder() {
        ByteBuf out = Unpooled.buffer();
        int start = FrameWriter.beginData(out, 11);
        FrameWriter.appendRecord(out, "a".getBytes(StandardCharsets.UTF_8));
        FrameWriter.appendRecord(out, new byte[0]);
        FrameWriter.appendRecord(out, Unpooled.copiedBuffer("ccc", StandardCharsets.UTF_8));
        FrameWriter.finishData(out, start, 3);
        decoder.writeInbound(out);
        Frame.Data data = decoder.readInbound();
        try {
            assertThat(data.streamId()).isEqualTo(11);
            assertThat(data.recordCount()).isEqualTo(3);
            assertThat(records(data)).containsExactly("a", "", "ccc");
        } finally {
            data.release();
        }
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        ByteBuf wire = Unpooled.buffer();
        FrameWriter.write(new Frame.Credit(1, 5), wire);
        FrameWriter.write(new Frame.Ping(7), wire);
        while (wire.isReadable()) {
            decoder.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        Object first = decoder.readInbound();
        Object second = decoder.readInbound();
        assertThat(first).isEqualTo(new Frame.Credit(1, 5));
        assertThat(second).isEqualTo(new Frame.Ping(7));
    }

    @Test
    void oversizeFrameIsRejectedBeforeItsBytesArrive() {
        ByteBuf wire = Unpooled.buffer().writeInt(MAX).writeByte(FrameType.DATA.code()).writeByte(0).writeInt(1);
        assertThatThrownBy(() -> decoder.writeInbound(wire))
                .isInstanceOfSatisfying(FrameFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE))
                .hasMessageContaining("exceeds the maximum of " + MAX);
    }

    @Test
    void malformedFramesAreRejectedWithAReason() {
        assertMalformed(header(0, 0x7F, 0, 1), "unknown frame type 0x7f");
        assertMalformed(header(0, FrameType.PING.code(), 0, 0), "PING frame of 0 payload bytes");
        assertMalformed(header(8, FrameType.PING.code(), 0, 3).writeLong(1), "PING frame with stream id 3");
        assertMalformed(header(0, FrameType.END.code(), 0, 0), "END frame with stream id 0");
        assertMalformed(header(4, FrameType.CREDIT.code(), 0, 1).writeInt(0), "CREDIT of 0");
        assertMalformed(header(8, FrameType.DATA.code(), 0, 1).writeInt(2).writeInt(0), "declares 2 records");
        assertMalformed(header(8, FrameType.DATA.code(), 0, 1).writeInt(1).writeInt(9), "overruns");
        assertMalformed(header(9, FrameType.DATA.code(), 0, 1).writeInt(1).writeInt(0).writeByte(1), "after its last");
        assertMalformed(header(8, FrameType.OPEN.code(), 0, 1).writeInt(0).writeShort(1).writeShort(9), "truncated");
    }

    @Test
    void bytesAfterAMalformedFrameAreDiscarded() {
        ByteBuf wire = header(0, 0x7F, 0, 1);
        FrameWriter.write(new Frame.Ping(1), wire);
        assertThatThrownBy(() -> decoder.writeInbound(wire)).isInstanceOf(FrameFormatException.class);
        ByteBuf more = Unpooled.buffer();
        FrameWriter.write(new Frame.Ping(2), more);
        decoder.writeInbound(more);
        Object discarded = decoder.readInbound();
        assertThat(discarded).isNull();
    }

    @Test
    void randomBytesNeverCrashOrLeakTheDecoder() {
        SplittableRandom random = new SplittableRandom(4);
        for (int run = 0; run < 2_000; run++) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
            byte[] bytes = new byte[random.nextInt(1, 300)];
            random.nextBytes(bytes);
            if (bytes.length >= 10 && random.nextBoolean()) { // plausible header so the fuzz reaches payload parsing
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[4] = (byte) random.nextInt(0, 10);
            }
            List<Object> frames = new ArrayList<>();
            try {
                for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, random.nextInt(1, 64));
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
                    at += n;
                    drain(channel, frames);
                }
            } catch (FrameFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            drain(channel, frames);
            frames.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel, List<Object> into) {
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            assertThat(frame).isInstanceOf(Frame.class);
            into.add(frame);
        }
    }

    private void assertMalformed(ByteBuf wire, String reason) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThatThrownBy(() -> channel.writeInbound(wire))
                .isInstanceOfSatisfying(FrameFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL))
                .hasMessageContaining(reason);
        channel.finishAndReleaseAll();
    }

    private static ByteBuf header(int payloadBytes, int type, int flags, int streamId) {
        return Unpooled.buffer().writeInt(payloadBytes).writeByte(type).writeByte(flags).writeInt(streamId);
    }

    private static List<String> records(Frame.Data data) {
        List<String> out = new ArrayList<>();
        ByteBuf buf = data.content();
        int at = buf.readerIndex();
        for (int i = 0; i < data.recordCount(); i++) {
            int length = buf.getInt(at);
            out.add(buf.toString(at + 4, length, StandardCharsets.UTF_8));
            at += 4 + length;
        }
        return out;
    }
}
