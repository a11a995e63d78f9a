package io.weir.runtime.sink;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.weir.mql.MqlQuery;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One external consumer: its {@link ConsumerBuffer} of encoded SSE events, published to its connection as a
 * {@code Publisher<ByteBuf>} that honours the connection's demand and writability. Events are coalesced
 * into buffers of about {@value #BATCH_BYTES} bytes, so a consumer that cannot keep up holds at most its
 * record buffer, one batch and the channel's write high-water mark.
 *
 * <p>Threads: {@link #offer} and {@link #complete} are called from any thread and never block; everything
 * else (subscription, demand, draining, ping and meta timers) runs on the connection's event loop.
 */
final class SinkConsumer implements Publisher<ByteBuf>, Subscription {

    static final int BATCH_BYTES = 16 * 1024;

    private final SubscribeParams params;
    private final Channel channel;
    private final EventLoop loop;
    private final WritabilityListener writability = new WritabilityListener();
    private final ConsumerBuffer buffer;
    private final long metaIntervalMillis;
    private final SinkMetrics metrics;
    private final java.util.function.Consumer<SinkConsumer> onEnd;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::scheduledDrain;

    // Event loop only.
    private Subscriber<? super ByteBuf> subscriber;
    private long demand;
    private boolean draining;
    private boolean finished;
    private boolean pingDue;
    private boolean metaDue;
    private long metaSent = -1;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> metaTask;

    SinkConsumer(SubscribeParams params, Channel channel, int capacity, long metaIntervalMillis,
                 SinkMetrics metrics, long nowNanos, java.util.function.Consumer<SinkConsumer> onEnd) {
        this.params = Objects.requireNonNull(params, "params");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.loop = channel.eventLoop();
        this.buffer = new ConsumerBuffer(capacity, params.sampleMillis(), nowNanos);
        this.metaIntervalMillis = metaIntervalMillis;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    SubscribeParams params() {
        return params;
    }

    SinkMetrics metrics() {
        return metrics;
    }

    /** The query this consumer's records go through, or null when it takes every record unchanged. */
    MqlQuery filter() {
        return params.filter();
    }

    /** Records waiting in this consumer's buffer. */
    int queued() {
        return buffer.size();
    }

    /** Records dropped for this consumer because its buffer was full. */
    long dropped() {
        return buffer.dropped();
    }

    /** Buffers one encoded event (see {@link ConsumerBuffer#offer}) and schedules delivery. Never blocks; any thread. */
    ConsumerBuffer.Offer offer(byte[] frame, long nowNanos) {
        return offer(frame, nowNanos, 0);
    }

    /** As {@link #offer(byte[], long)}, with room for {@code beyondCapacity} more (see {@link ConsumerBuffer#offer(byte[], long, int)}). */
    ConsumerBuffer.Offer offer(byte[] frame, long nowNanos, int beyondCapacity) {
        ConsumerBuffer.Offer offer = buffer.offer(frame, nowNanos, beyondCapacity);
        if (offer == ConsumerBuffer.Offer.ACCEPTED) {
            scheduleDrain();
        }
        return offer;
    }

    /** Counts one record dropped for this consumer because it could not keep up. */
    void countDrop() {
        buffer.countDrop();
        metrics.droppedBufferFull();
    }

    /** Counts one record left out of this consumer's aggregates (group limit); meta events report it with the drops. */
    void countLeftOut() {
        buffer.countDrop();
    }

    /** Ends this consumer's stream normally (slot replaced, sink closed); any thread. */
    void complete() {
        buffer.close();
        onLoop(() -> finish(true));
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuf> s) {
        Objects.requireNonNull(s, "subscriber");
        onLoop(() -> {
            if (subscriber != null || finished) {
                s.onSubscribe(Idle.INSTANCE);
                if (finished) {
                    s.onComplete();
                } else {
                    s.onError(new IllegalStateException("a sink consumer has one subscriber, its connection"));
                }
                return;
            }
            subscriber = s;
            channel.pipeline().addFirst(writability);
            startTimers();
            s.onSubscribe(this);
        });
    }

    @Override
    public void request(long n) {
        onLoop(() -> {
            if (n <= 0) {
                finish(false);
                subscriber.onError(new IllegalArgumentException("request: " + n + " (expected: > 0)"));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
        });
    }

    @Override
    public void cancel() {
        buffer.close();
        onLoop(() -> finish(false));
    }

    private void startTimers() {
        long heartbeat = params.heartbeatMillis();
        if (heartbeat > 0) {
            pingTask = loop.scheduleAtFixedRate(() -> {
                pingDue = true;
                drain();
            }, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        }
        if (params.metaMessages()) {
            metaTask = loop.scheduleAtFixedRate(() -> {
                if (buffer.dropped() != metaSent) {
                    metaDue = true;
                    drain();
                }
            }, metaIntervalMillis, metaIntervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                buffer.close();
            }
        }
    }

    private void scheduledDrain() {
        drainScheduled.set(false);
        drain();
    }

    /** Emits pending ping, meta and records while the connection has demand and room; event loop only. */
    private void drain() {
        if (draining || finished || subscriber == null) {
            return;
        }
        draining = true;
        try {
            while (demand > 0 && !finished && channel.isWritable()) {
                ByteBuf batch = nextBatch();
                if (batch == null) {
                    break;
                }
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                subscriber.onNext(batch);
            }
        } finally {
            draining = false;
        }
    }

    /** Ping, then meta, then records, copied into one buffer of about {@link #BATCH_BYTES}; null if nothing is due. */
    private ByteBuf nextBatch() {
        ByteBuf batch = null;
        int records = 0;
        try {
            if (pingDue) {
                pingDue = false;
                batch = append(null, SseFrames.ping());
            }
            if (metaDue) {
                metaDue = false;
                metaSent = buffer.dropped();
                batch = append(batch, SseFrames.meta(metaSent));
            }
            byte[] frame;
            while ((batch == null || batch.readableBytes() < BATCH_BYTES) && (frame = buffer.poll()) != null) {
                records++;
                batch = append(batch, frame);
            }
            return batch;
        } catch (RuntimeException e) {
            if (batch != null) {
                batch.release();
            }
            throw e;
        } finally {
            if (records > 0) {
                metrics.recordsOut(records);
            }
            if (batch != null) {
                metrics.bytesOut(batch.readableBytes());
            }
        }
    }

    private ByteBuf append(ByteBuf batch, byte[] frame) {
        ByteBuf out = batch;
        if (out == null) {
            int estimate = frame.length * (buffer.size() + 1);
            out = channel.alloc().ioBuffer(Math.max(frame.length, Math.min(estimate, BATCH_BYTES)));
        }
        return out.writeBytes(frame);
    }

    private void finish(boolean signalComplete) {
        if (finished) {
            return;
        }
        finished = true;
        buffer.close();
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        if (metaTask != null) {
            metaTask.cancel(false);
        }
        if (channel.pipeline().context(writability) != null) {
            channel.pipeline().remove(writability);
        }
        onEnd.accept(this);
        if (signalComplete && subscriber != null) {
            subscriber.onComplete();
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            buffer.close();
        }
    }

    /** For logs: parameters and buffer state; the demand shown may be stale when read off the event loop. */
    @Override
    public String toString() {
        return "SinkConsumer[" + params + ", queued=" + buffer.size() + ", dropped=" + buffer.dropped() + ", demand=" + demand
                + ", writable=" + channel.isWritable() + ", drainScheduled=" + drainScheduled.get() + "]";
    }

    /** Resumes draining when the channel becomes writable again; lives in the pipeline while subscribed. */
    private final class WritabilityListener extends ChannelInboundHandlerAdapter {

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            drain();
            ctx.fireChannelWritabilityChanged();
        }
    }

    /** The subscription handed to a subscriber that is refused or arrives after the end. */
    private enum Idle implements Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
