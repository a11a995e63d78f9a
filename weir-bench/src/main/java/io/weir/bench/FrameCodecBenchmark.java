package io.weir.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.transport.tcp.frame.Frame;
import io.weir.transport.tcp.frame.FrameDecoder;
import io.weir.transport.tcp.frame.FrameWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec's cost per 100-byte record: packing a 64 KiB DATA frame, and decoding (validating) one.
 * Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main FrameCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

    private static final int RECORDS = 600;

    private final byte[] record = new byte[100];
    private ByteBuf out;
    private ByteBuf frame;
    private EmbeddedChannel decoder;

    @Setup(Level.Trial)
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(64 << 10);
        frame = PooledByteBufAllocator.DEFAULT.directBuffer(64 << 10);
        int start = FrameWriter.beginData(frame, 1);
        for (int i = 0; i < RECORDS; i++) {
            FrameWriter.appendRecord(frame, record);
        }
        FrameWriter.finishData(frame, start, RECORDS);
        decoder = new EmbeddedChannel(new FrameDecoder(16 << 20));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        frame.release();
        decoder.finishAndReleaseAll();
    }

    /** Records packed per microsecond. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int encodeDataFrame() {
        out.clear();
        int start = FrameWriter.beginData(out, 1);
        for (int i = 0; i < RECORDS; i++) {
            FrameWriter.appendRecord(out, record);
        }
        FrameWriter.finishData(out, start, RECORDS);
        return out.writerIndex();
    }

    /** Records decoded and validated per microsecond. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decodeDataFrame(Blackhole hole) {
        decoder.writeInbound(frame.retainedDuplicate());
        Frame.Data data = decoder.readInbound();
        hole.consume(data.recordCount());
        data.release();
    }
}
