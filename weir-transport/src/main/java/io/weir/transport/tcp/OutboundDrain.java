package io.weir.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.tcp.frame.Frame;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves queued records of every stream on a connection into batched DATA frames. Producers announce a
 * stream with {@link #schedule} (any thread); the drain runs as one event-loop task that writes up to
 * 1 MiB, round-robin over ready streams, then flushes once: a flush when the loop runs dry, never on a
 * timer. It pauses while the channel is not writable. Event loop only, except {@link #schedule}.
 */
final class OutboundDrain {

    private static final int BUDGET_BYTES = 1 << 20;

    private final ChannelHandlerContext ctx;
    private final Multiplexer mux;
    private final BatchWriter batch;
    private final TransportMetrics metrics;
    private final Queue<TcpStream> ready = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable task = this::drain;

    OutboundDrain(ChannelHandlerContext ctx, Multiplexer mux, BatchWriter batch, TransportMetrics metrics) {
        this.ctx = ctx;
        this.mux = mux;
        this.batch = batch;
        this.metrics = metrics;
    }

    /** A stream just got its first queued item; any thread. */
    void schedule(TcpStream stream) {
        ready.offer(stream);
        wake();
    }

    /** The channel may have become writable again. */
    void resume() {
        if (ctx.channel().isWritable() && !ready.isEmpty()) {
            wake();
        }
    }

    private void wake() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            ctx.executor().execute(task);
        }
    }

    private void drain() {
        scheduled.set(false);
        long budget = BUDGET_BYTES;
        TcpStream stream;
        while (budget > 0 && ctx.channel().isWritable() && (stream = ready.poll()) != null) {
            budget -= drainStream(stream, budget);
        }
        batch.writeOut();
        ctx.flush();
        resume();
    }

    private long drainStream(TcpStream stream, long budget) {
        if (!stream.opened && !stream.removed) {
            stream.scheduled.set(false); // its OPEN is still on the way; the multiplexer schedules it once written
            return 1;
        }
        long written = 0;
        int records = 0;
        Object item;
        while (written < budget && (item = stream.outbound.poll()) != null) {
            if (stream.removed || stream.localDone) {
                ReferenceCountUtil.release(item);
            } else if (item == TcpStream.END) {
                batch.control(new Frame.End(stream.id()));
                mux.sentEnd(stream);
            } else if (item instanceof Frame.Error error) {
                batch.control(error);
                mux.sentError(stream);
            } else {
                written += batch.record(stream.id(), item);
                records++;
            }
        }
        batch.endData();
        metrics.recordsOut(records);
        if (!stream.outbound.isEmpty()) {
            ready.offer(stream); // budget used up: back of the line, still scheduled
        } else {
            stream.scheduled.set(false);
            if (!stream.outbound.isEmpty() && stream.scheduled.compareAndSet(false, true)) {
                ready.offer(stream);
            }
        }
        return Math.max(written, 1);
    }

    /** The connection closed: drop everything queued. */
    void close() {
        TcpStream stray;
        while ((stray = ready.poll()) != null) {
            stray.abortSend();
        }
        batch.release();
    }
}
