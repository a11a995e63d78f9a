package io.weir.master.discovery;

import io.weir.core.model.NamedJobInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** A job cluster's newest-job stream: the latest job id at once on subscribe, then each new submission. */
public final class NamedJobPublisher {

    private final String cluster;
    private final SseFrames frames;
    private final DiscoveryMetrics metrics;
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().latest();

    NamedJobPublisher(String cluster, SseFrames frames, DiscoveryMetrics metrics) {
        this.cluster = cluster;
        this.frames = frames;
        this.metrics = metrics;
    }

    /** Publishes a newly submitted job; called on the control loop. */
    public void newJob(String jobId) {
        sink.tryEmitNext(frames.encode(new NamedJobInfo(cluster, jobId)));
        metrics.published();
    }

    void complete() {
        sink.tryEmitComplete();
    }

    public Flux<byte[]> frames() {
        return sink.asFlux();
    }
}
