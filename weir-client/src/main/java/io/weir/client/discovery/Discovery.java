package io.weir.client.discovery;

import static io.weir.client.internal.MasterHttp.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.client.internal.MasterHttp;
import io.weir.client.internal.MasterStream;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.NamedJobInfo;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Follows the master's discovery streams. Every {@code Flux} here is cold (one connection per subscription),
 * reconnects by itself until cancelled (see {@link io.weir.client.WeirClientConfig#discoveryBackoff()}), never shows
 * the master's heartbeats, and fails only when the job or cluster does not exist. Thread-safe.
 */
public final class Discovery {

    private final MasterStream stream;
    private final ObjectMapper json;
    private final MasterHttp http;

    public Discovery(MasterHttp http) {
        this.http = http;
        this.stream = new MasterStream(Objects.requireNonNull(http, "http"));
        this.json = http.json();
    }

    /** The connection settings (URL scheme, TLS) sink sessions found through this discovery use too. */
    public MasterHttp http() {
        return http;
    }

    /**
     * A job's scheduling info ({@code /assignmentresults/{jobId}}): the current one first, then every change. After a
     * reconnect the current one comes again. Completes after the job's final event, whose assignments are empty.
     */
    public Flux<JobSchedulingInfo> schedulingInfo(String jobId) {
        return stream.follow("/assignmentresults/" + segment(jobId))
                .map(data -> parse(data, JobSchedulingInfo.class))
                .filter(info -> !info.isHeartbeat())
                .takeUntil(JobSchedulingInfo::isJobEnded);
    }

    /** The ids of a cluster's newest job ({@code /namedjobs/{cluster}}): the current one, then each new submission. */
    public Flux<String> namedJob(String cluster) {
        return stream.follow("/namedjobs/" + segment(cluster))
                .map(data -> parse(data, NamedJobInfo.class))
                .filter(info -> !info.isHeartbeat() && info.jobId() != null)
                .map(NamedJobInfo::jobId)
                .distinctUntilChanged();
    }

    /**
     * The scheduling info of whichever job is the cluster's newest: switches to a new job's stream as soon as it is
     * submitted. A job's final (empty) event is passed on; the stream then waits for the next job.
     */
    public Flux<JobSchedulingInfo> clusterSchedulingInfo(String cluster) {
        return namedJob(cluster).switchMap(this::schedulingInfo);
    }

    private <T> T parse(String data, Class<T> type) {
        try {
            return json.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable discovery event (" + e.getOriginalMessage() + "): "
                    + data.substring(0, Math.min(200, data.length())), e);
        }
    }
}
