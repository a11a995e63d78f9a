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
 * One job's scheduling-info stream, its changes coalesced over {@code windowMillis} ({@link Coalescer}). Each event is
 * serialized once and shared by every subscriber; a new subscriber gets the current value at once. Emits and schedules
 * on the control loop only.
 */
public final class SchedulingInfoPublisher {

    private final String jobId;
    private final ControlLoop loop;
    private final Supplier<JobSchedulingInfo> snapshot;
    private final SseFrames frames;
    private final DiscoveryMetrics metrics;
    private final Coalescer coalescer;
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().latest();
    private byte[] last;
    private boolean ended;
    private volatile JobSchedulingInfo published;

    SchedulingInfoPublisher(String jobId, ControlLoop loop, long windowMillis, Supplier<JobSchedulingInfo> snapshot,
                            SseFrames frames, DiscoveryMetrics metrics, LongSupplier nanoTime) {
        this.jobId = jobId;
        this.loop = loop;
        this.snapshot = snapshot;
        this.frames = frames;
        this.metrics = metrics;
        this.coalescer = new Coalescer(loop, windowMillis, nanoTime, this::flush);
    }

    /** Notes that the job's workers changed; the event follows within the coalescing window. */
    public void changed() {
        if (!ended) {
            coalescer.changed();
        }
    }

    /** Publishes the current value at once, e.g. when the job is created. */
    public void publishNow() {
        coalescer.now();
    }

    private boolean flush() {
        if (ended) {
            return false;
        }
        JobSchedulingInfo info = snapshot.get();
        published = info;
        return emit(frames.encode(info));
    }

    /** What the stream last told its subscribers (null before the first event); readable on any thread. */
    public JobSchedulingInfo published() {
        return published;
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

    private boolean emit(byte[] frame) {
        if (last != null && Arrays.equals(last, frame)) {
            return false;
        }
        last = frame;
        sink.tryEmitNext(frame);
        metrics.published();
        return true;
    }

    /** The stream of SSE frames: current value first, then every change, completing when the job ends. */
    public Flux<byte[]> frames() {
        return sink.asFlux();
    }
}
