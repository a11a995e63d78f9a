package io.weir.master.discovery;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Gives each subscriber of a shared stream of SSE frames a stream of its own: its own heartbeats and a queue of at most
 * {@link #MAX_QUEUED_FRAMES} frames. A subscriber that stops reading long enough to overflow it is dropped alone
 * ({@link SlowSubscriberException}), never slowing the others.
 */
public final class SubscriberStreams {

    /** Frames that may wait for one subscriber beyond what its connection buffers; a full queue drops the subscriber. */
    public static final int MAX_QUEUED_FRAMES = 32;

    private static final Logger log = LoggerFactory.getLogger(SubscriberStreams.class);

    private final String kind;
    private final Duration heartbeatPeriod;
    private final boolean heartbeatOnlyWhenQuiet;
    private final Runnable onDropped;
    private final UnaryOperator<Flux<byte[]>> tracked;

    /**
     * @param kind what the streams are, for the log ("discovery", "registry watch")
     * @param heartbeatOnlyWhenQuiet true: a heartbeat follows {@code heartbeatPeriod} after the last frame; false: one
     *     every period whatever else is sent
     * @param onDropped counts a dropped subscriber
     * @param tracked counts a subscriber while it is subscribed
     */
    public SubscriberStreams(String kind, Duration heartbeatPeriod, boolean heartbeatOnlyWhenQuiet, Runnable onDropped,
                             UnaryOperator<Flux<byte[]>> tracked) {
        this.kind = kind;
        this.heartbeatPeriod = heartbeatPeriod;
        this.heartbeatOnlyWhenQuiet = heartbeatOnlyWhenQuiet;
        this.onDropped = onDropped;
        this.tracked = tracked;
    }

    /**
     * One subscriber's frames of {@code stream}: the shared {@code events}, heartbeats from {@code heartbeat} (null:
     * none), and the bounded queue. Reactor delivers a buffer's overflow error only once the buffer is drained, which a
     * stalled subscriber never does, so the overflow fails a side signal that ends the stream at once.
     */
    public Flux<byte[]> open(String stream, Flux<byte[]> events, Supplier<byte[]> heartbeat) {
        Flux<byte[]> out;
        if (heartbeat == null) {
            out = events;
        } else if (heartbeatOnlyWhenQuiet) {
            Sinks.Empty<Void> ended = Sinks.empty();
            out = events.doOnTerminate(ended::tryEmitEmpty).switchMap(frame -> Flux.interval(heartbeatPeriod)
                    .map(t -> heartbeat.get()).startWith(frame).takeUntilOther(ended.asMono()));
        } else {
            out = events.mergeWith(Flux.interval(heartbeatPeriod).map(t -> heartbeat.get()).takeUntilOther(events.ignoreElements()));
        }
        Sinks.One<byte[]> dropped = Sinks.one();
        Flux<byte[]> bounded = out.doOnComplete(dropped::tryEmitEmpty).onBackpressureBuffer(MAX_QUEUED_FRAMES, frame -> {
            if (dropped.tryEmitError(new SlowSubscriberException(stream, MAX_QUEUED_FRAMES)).isSuccess()) {
                onDropped.run();
                log.info("Dropped a {} subscriber of {}: it stopped reading with {} events waiting", kind, stream, MAX_QUEUED_FRAMES);
            }
        });
        return tracked.apply(Flux.merge(bounded, dropped.asMono()));
    }
}
