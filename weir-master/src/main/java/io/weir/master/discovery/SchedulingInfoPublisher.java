package io.weir.master.discovery;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.master.loop.ControlLoop;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One job's scheduling-info stream. A change after a quiet window is published at once; further changes within
 * {@code windowMillis} of the last event are coalesced into one event at the end of that window, so a burst becomes
 * at most two events and no change waits longer than the window. Each event is serialized once and shared by every
 * subscriber; a new subscriber gets the current value at once. Emits and schedules on the control loop only.
 */
public final class SchedulingInfoPublisher {

    private final String jobId;
    private final ControlLoop loop;
    private final long windowMillis;
    private final Supplier<JobSchedulingInfo> snapshot;
    private final SseFrames frames;
    private final DiscoveryMetrics metrics;
    private final LongSupplier nanoTime;
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().latest();
    private byte[] last;
    private boolean flushScheduled;
    private long lastEmitNanos = Long.MIN_VALUE;
    private boolean ended;

    SchedulingInfoPublisher(String jobId, ControlLoop loop, long windowMillis, Supplier<JobSchedulingInfo> snapshot,
                            SseFrames frames, DiscoveryMetrics metrics, LongSupplier nanoTime) {
        this.jobId = jobId;
        this.loop = loop;
        this.windowMillis = windowMillis;
        this.snapshot = snapshot;
        this.frames = frames;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** Notes that the job's workers changed; the event follows within the coalescing window. */
    public void changed() {
        loop.assertInLoop();
        if (ended || flushScheduled) {
            return;
        }
        flushScheduled = true;
        long sinceLastMillis = lastEmitNanos == Long.MIN_VALUE ? Long.MAX_VALUE : (nanoTime.getAsLong() - lastEmitNanos) / 1_000_000;
        if (sinceLastMillis >= windowMillis) {
            flush();
        } else {
            loop.schedule(this::flush, windowMillis - sinceLastMillis);
        }
    }

    /** Publishes the current value at once, e.g. when the job is created. */
    public void publishNow() {
        loop.assertInLoop();
        flushScheduled = true;
        flush();
    }

    private void flush() {
        flushScheduled = false;
        if (ended) {
            return;
        }
        emit(frames.encode(snapshot.get()));
    }

    /** Sends the final event (empty assignments) and completes the stream. */
    public void end() {
        loop.assertInLoop();
        if (ended) {
            return;
        }
        ended = true;
        emit(frames.encode(new JobSchedulingInfo(jobId, Map.of())));
        sink.tryEmitComplete();
    }

    private void emit(byte[] frame) {
        if (last != null && Arrays.equals(last, frame)) {
            return;
        }
        last = frame;
        lastEmitNanos = nanoTime.getAsLong();
        sink.tryEmitNext(frame);
        metrics.published();
    }

    /** The stream of SSE frames: current value first, then every change, completing when the job ends. */
    public Flux<byte[]> frames() {
        return sink.asFlux();
    }
}
