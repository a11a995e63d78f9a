package io.weir.runtime.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One external consumer: a bounded buffer of encoded SSE events, published to its connection as a
 * {@code Publisher<ByteBuf>} that honours the connection's demand.
 *
 * <p>Threads: {@link #offer} and {@link #complete} are called from any thread and never block; everything
 * else (subscription, demand, draining, ping and meta timers) runs on the connection's event loop.
 */
final class SinkConsumer implements Publisher<ByteBuf>, Subscription {

    /** What became of a record offered to this consumer. */
    enum Offer { ACCEPTED, FULL, SAMPLED, CLOSED }

    private final SubscribeParams params;
    private final EventExecutor loop;
    private final int capacity;
    private final long sampleNanos;
    private final long metaIntervalMillis;
    private final SinkMetrics metrics;
    private final java.util.function.Consumer<SinkConsumer> onEnd;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong nextSampleNanos;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::scheduledDrain;
    private volatile boolean closed;

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

    SinkConsumer(SubscribeParams params, EventExecutor loop, int capacity, long metaIntervalMillis,
                 SinkMetrics metrics, long nowNanos, java.util.function.Consumer<SinkConsumer> onEnd) {
        this.params = Objects.requireNonNull(params, "params");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.capacity = capacity;
        this.sampleNanos = TimeUnit.MILLISECONDS.toNanos(params.sampleMillis());
        this.metaIntervalMillis = metaIntervalMillis;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nextSampleNanos = new AtomicLong(nowNanos);
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    SubscribeParams params() {
        return params;
    }

    /** Records waiting in this consumer's buffer. */
    int queued() {
        return queued.get();
    }

    /** Records dropped for this consumer because its buffer was full. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Buffers one encoded event unless this consumer is closed, full, or inside its sampling window
     * (first record in each window wins). Never blocks; any thread.
     */
    Offer offer(byte[] frame, long nowNanos) {
        if (closed) {
            return Offer.CLOSED;
        }
        long next = nextSampleNanos.get();
        if (sampleNanos > 0 && nowNanos - next < 0) {
            return Offer.SAMPLED;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return Offer.FULL;
        }
        if (sampleNanos > 0 && !nextSampleNanos.compareAndSet(next, nowNanos + sampleNanos)) {
            queued.decrementAndGet();
            return Offer.SAMPLED;
        }
        queue.offer(frame);
        scheduleDrain();
        return Offer.ACCEPTED;
    }

    /** Counts one record dropped for this consumer because it could not keep up. */
    void countDrop() {
        dropped.incrementAndGet();
        metrics.droppedBufferFull();
    }

    /** Ends this consumer's stream normally (slot replaced, sink closed); any thread. */
    void complete() {
        closed = true;
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
        closed = true;
        onLoop(() -> finish(false));
    }

    private void startTimers() {
        int heartbeat = params.heartbeatSeconds();
        if (heartbeat > 0) {
            pingTask = loop.scheduleAtFixedRate(() -> {
                pingDue = true;
                drain();
            }, heartbeat, heartbeat, TimeUnit.SECONDS);
        }
        if (params.metaMessages()) {
            metaTask = loop.scheduleAtFixedRate(() -> {
                if (dropped.get() != metaSent) {
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
                closed = true;
            }
        }
    }

    private void scheduledDrain() {
        drainScheduled.set(false);
        drain();
    }

    /** Emits pending ping, meta and records while the connection has demand; event loop only. */
    private void drain() {
        if (draining || finished || subscriber == null) {
            return;
        }
        draining = true;
        int records = 0;
        try {
            while (demand > 0 && !finished) {
                byte[] frame;
                if (pingDue) {
                    pingDue = false;
                    frame = SseFrames.ping();
                } else if (metaDue) {
                    metaDue = false;
                    metaSent = dropped.get();
                    frame = SseFrames.meta(metaSent);
                } else {
                    frame = queue.poll();
                    if (frame == null) {
                        break;
                    }
                    queued.decrementAndGet();
                    records++;
                }
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                subscriber.onNext(Unpooled.wrappedBuffer(frame));
            }
        } finally {
            draining = false;
            if (records > 0) {
                metrics.recordsOut(records);
            }
        }
    }

    private void finish(boolean signalComplete) {
        if (finished) {
            return;
        }
        finished = true;
        closed = true;
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        if (metaTask != null) {
            metaTask.cancel(false);
        }
        queue.clear();
        queued.set(0);
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
            closed = true;
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
