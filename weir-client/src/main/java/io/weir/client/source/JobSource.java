package io.weir.client.source;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.sink.SinkRecord;
import io.weir.client.sink.SinkSession;
import io.weir.client.sink.SinkTarget;
import io.weir.mql.Mql;
import io.weir.mql.MqlException;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Source;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * A job's source that reads the sink of another job cluster's newest job ({@code /namedjobs/{cluster}}) through a
 * {@link SinkSession} authenticated with the consuming worker's job token, and moves to each new job of that cluster
 * without a restart. Workers sharing a {@code clientId} (default: the consuming job's id) split the records, each
 * record to one of them; other client ids each get every record. What the upstream drops for a slow source is counted
 * in {@code weir.source.upstream.dropped}. Immutable; the {@code with…} methods return copies.
 */
public final class JobSource implements Source<String> {

    private final String cluster;
    private final String mql;
    private final String clientId;
    private final String sampling;
    private final Function<SinkSession.Builder, SinkSession.Builder> session;

    private JobSource(String cluster, String mql, String clientId, String sampling, Function<SinkSession.Builder, SinkSession.Builder> session) {
        this.cluster = cluster;
        this.mql = mql;
        this.clientId = clientId;
        this.sampling = sampling;
        this.session = session;
    }

    static JobSource of(String cluster, String mql) {
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isBlank() || cluster.contains("/")) {
            throw new IllegalArgumentException("cluster: '" + cluster + "' (expected: a job cluster's name, e.g. wordcount)");
        }
        return new JobSource(cluster, checked(Objects.requireNonNull(mql, "mql")), null, null, b -> b);
    }

    /** The sink's client id: consumers sharing one split the records; default the consuming job's id. */
    public JobSource withClientId(String id) {
        if (id == null || id.isBlank() || id.length() > 256) {
            throw new IllegalArgumentException("clientId: '" + id + "' (expected: a non-blank string of at most 256 characters)");
        }
        return new JobSource(cluster, mql, id, sampling, session);
    }

    /**
     * Samples the upstream's records with an MQL {@code sample} clause, e.g. {@code {"strategy":"RANDOM","threshold":200}}
     * (docs/mql.md#sampling); the query must not have a {@code sample} clause of its own.
     */
    public JobSource withSampling(String samplingJson) {
        Objects.requireNonNull(samplingJson, "samplingJson");
        checked(mql + " sample " + samplingJson);
        return new JobSource(cluster, mql, clientId, samplingJson, session);
    }

    /** Further settings of the session that reads the upstream (heartbeats, buffers, meta messages, ...). */
    public JobSource withSession(Function<SinkSession.Builder, SinkSession.Builder> settings) {
        Objects.requireNonNull(settings, "settings");
        return new JobSource(cluster, mql, clientId, sampling, session.andThen(settings));
    }

    public String cluster() {
        return cluster;
    }

    /** The query the upstream's sinks receive, sampling included. */
    public String query() {
        return sampling == null ? mql : mql + " sample " + sampling;
    }

    /** The client id this source uses in {@code context}. */
    public String clientId(JobContext context) {
        return clientId != null ? clientId : context.jobId();
    }

    /** The upstream's records as JSON text, from a session that lives as long as the subscription. */
    @Override
    public Flux<String> produce(JobContext context) {
        if (context.masterUrl() == null || context.masterUrl().isBlank()) {
            return Flux.error(new IllegalStateException("Sources.job(" + cluster + "): " + context
                    + " knows no master URL; it reads other jobs only in a worker the master started"));
        }
        return Flux.using(() -> WeirClient.create(WeirClientConfig.of(context.masterUrl()).withToken(context.jobToken())),
                client -> Flux.using(() -> build(client, context), s -> read(s, context), SinkSession::close),
                WeirClient::close);
    }

    private Flux<String> read(SinkSession session, JobContext context) {
        var drops = session.events().subscribe(new UpstreamDrops(context.metrics(), cluster));
        return session.records().map(SinkRecord::payload).doFinally(signal -> drops.dispose());
    }

    private SinkSession build(WeirClient client, JobContext context) {
        var builder = client.sinkSession(SinkTarget.cluster(cluster))
                .sessionId(context.jobId() + "-w" + context.workerNumber())
                .clientId(clientId(context))
                .mql(query())
                .metaMessages(true)
                .meters(context.metrics());
        return session.apply(builder).build();
    }

    private static String checked(String query) {
        try {
            Mql.parse(query);
            return query;
        } catch (MqlException e) {
            throw new IllegalArgumentException("mql: '" + query + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JobSource[" + cluster + ", " + query() + (clientId == null ? "" : ", clientId " + clientId) + "]";
    }
}
