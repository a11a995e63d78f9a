package io.weir.master.discovery;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.master.loop.ControlLoop;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One job's scheduling-info stream. Changes within a window are coalesced into one event, sent at most
 * {@code windowMillis} after the first change; each event is serialized once and shared by every subscriber; a new
 * subscriber gets the current value at once. Emits and schedules on the control loop only.
 */
public final class SchedulingInfoPublisher {

    private final String jobId;
    private final ControlLoop loop;
    private final long windowMillis;
    private final Supplier<JobSchedulingInfo> snapshot;
    private final SseFrames frames;
    private final DiscoveryMetrics metrics;
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().latest();
    private byte[] last;
    private boolean flushScheduled;
    private boolean ended;

    SchedulingInfoPublisher(String jobId, ControlLoop loop, long windowMillis, Supplier<JobSchedulingInfo> snapshot,
                            SseFrames frames, DiscoveryMetrics metrics) {
        this.jobId = jobId;
        this.loop = loop;
        this.windowMillis = windowMillis;
        this.snapshot = snapshot;
        this.frames = frames;
        this.metrics = metrics;
    }

    /** Notes that the job's workers changed; the event follows within the coalescing window. */
    public void changed() {
        loop.assertInLoop();
        if (ended || flushScheduled) {
            return;
        }
        flushScheduled = true;
        if (windowMillis == 0) {
            flush();
        } else {
            loop.schedule(this::flush, windowMillis);
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
        sink.tryEmitNext(frame);
        metrics.published();
    }

    /** The stream of SSE frames: current value first, then every change, completing when the job ends. */
    public Flux<byte[]> frames() {
        return sink.asFlux();
    }
}
