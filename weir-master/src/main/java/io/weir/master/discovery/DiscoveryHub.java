package io.weir.master.discovery;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.NamedJobInfo;
import io.weir.master.loop.ControlLoop;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * All discovery streams of a master: one scheduling-info publisher per active job, one named-job publisher per cluster.
 * Each subscriber's stream is its own: its own heartbeat timer, and at most {@link #MAX_QUEUED_FRAMES} frames waiting
 * for it; a subscriber that stops reading long enough to exceed that is dropped alone ({@link SlowSubscriberException})
 * and counted, never slowing the others ({@link SubscriberStreams}). Publishers are created and ended on the control
 * loop; subscribing is thread-safe.
 */
public final class DiscoveryHub {

    /** Frames that may wait for one subscriber beyond what its connection buffers; a full queue drops the subscriber. */
    public static final int MAX_QUEUED_FRAMES = SubscriberStreams.MAX_QUEUED_FRAMES;

    private final ControlLoop loop;
    private final long windowMillis;
    private final SseFrames frames;
    private final DiscoveryMetrics metrics;
    private final LongSupplier nanoTime;
    private final Map<String, SchedulingInfoPublisher> jobs = new ConcurrentHashMap<>();
    private final Map<String, NamedJobPublisher> clusters = new ConcurrentHashMap<>();
    private final SubscriberStreams subscribers;
    private final byte[] schedulingHeartbeat;
    private final byte[] namedJobHeartbeat;

    public DiscoveryHub(ControlLoop loop, long windowMillis, long heartbeatMillis, SseFrames frames, DiscoveryMetrics metrics) {
        this(loop, windowMillis, heartbeatMillis, frames, metrics, System::nanoTime);
    }

    /** As above, with the monotonic clock the coalescing window is measured on. */
    public DiscoveryHub(ControlLoop loop, long windowMillis, long heartbeatMillis, SseFrames frames, DiscoveryMetrics metrics,
                        LongSupplier nanoTime) {
        this.loop = loop;
        this.nanoTime = nanoTime;
        this.windowMillis = windowMillis;
        this.frames = frames;
        this.metrics = metrics;
        this.subscribers = new SubscriberStreams("discovery", Duration.ofMillis(heartbeatMillis), false,
                metrics::droppedSlowSubscriber, metrics::tracked);
        this.schedulingHeartbeat = frames.encode(JobSchedulingInfo.heartbeat());
        this.namedJobHeartbeat = frames.encode(NamedJobInfo.heartbeat());
    }

    /** Starts the stream of a new or recovered job, publishing its current value at once. */
    public SchedulingInfoPublisher openJob(String jobId, Supplier<JobSchedulingInfo> snapshot) {
        var p = new SchedulingInfoPublisher(jobId, loop, windowMillis, snapshot, frames, metrics, nanoTime);
        jobs.put(jobId, p);
        p.publishNow();
        return p;
    }

    /** Ends a job's stream with the final empty event. */
    public void endJob(String jobId) {
        var p = jobs.remove(jobId);
        if (p != null) {
            p.end();
        }
    }

    public NamedJobPublisher openCluster(String cluster, String latestJobId) {
        var p = new NamedJobPublisher(cluster, frames, metrics);
        clusters.put(cluster, p);
        if (latestJobId != null) {
            p.newJob(latestJobId);
        }
        return p;
    }

    /** Publishes the cluster's newest job; called on the control loop. */
    public void newJob(String cluster, String jobId) {
        var p = clusters.get(cluster);
        if (p != null) {
            p.newJob(jobId);
        }
    }

    public void closeCluster(String cluster) {
        var p = clusters.remove(cluster);
        if (p != null) {
            p.complete();
        }
    }

    /** The SSE frames of an active job, with heartbeats merged in when asked; empty when the job is not active. */
    public Optional<Flux<byte[]>> schedulingInfo(String jobId, boolean heartbeats) {
        return Optional.ofNullable(jobs.get(jobId))
                .map(p -> subscriberStream("job " + jobId, p.frames(), heartbeats ? schedulingHeartbeat : null));
    }

    public Optional<Flux<byte[]>> namedJob(String cluster, boolean heartbeats) {
        return Optional.ofNullable(clusters.get(cluster))
                .map(p -> subscriberStream("cluster " + cluster, p.frames(), heartbeats ? namedJobHeartbeat : null));
    }

    /** What {@code jobId}'s stream last published, while the job is active; any thread. */
    public Optional<JobSchedulingInfo> published(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(SchedulingInfoPublisher::published);
    }

    /** The single final frame for a job that has already ended. */
    public byte[] endedFrame(String jobId) {
        return frames.encode(new JobSchedulingInfo(jobId, Map.of()));
    }

    private Flux<byte[]> subscriberStream(String stream, Flux<byte[]> events, byte[] heartbeat) {
        return subscribers.open(stream, events, heartbeat == null ? null : () -> heartbeat);
    }
}
