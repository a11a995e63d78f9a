package io.weir.cli;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientException;
import io.weir.client.rest.TaskExecutorInfo;
import io.weir.client.sink.SinkRecord;
import io.weir.client.sink.SinkTarget;
import io.weir.core.json.Json;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobDetails;
import io.weir.core.model.WorkerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** The master calls {@code weir up} and {@code weir demo} make, through the Java client. */
final class MasterApi implements AutoCloseable {

    static final String WORD_COUNT = """
            {"name":"%s","jobClass":"io.weir.examples.WordCountJob","parameters":{"sentencesPerSecond":"10"},
             "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}},
                       "2":{"numWorkers":2,"scalable":true,"max":8,"machine":{"cpuCores":0.25,"memoryMB":128}},
                       "3":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}}},
             "labels":{"createdBy":"weir up"}}""";

    static final String TOP_WORDS = """
            {"name":"%s","jobClass":"io.weir.examples.TopWordsJob","parameters":{"upstream":"%s","n":"5"},
             "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}},
                       "2":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}}},
             "labels":{"createdBy":"weir up"}}""";

    private static final int CONFLICT = 409;

    private final WeirClient client;

    /** A client of the master at {@code base} presenting {@code token} (null: none). */
    MasterApi(String base, String token) {
        this(WeirClient.create(io.weir.client.WeirClientConfig.of(base).withToken(token)));
    }

    MasterApi(WeirClient client) {
        this.client = client;
    }

    WeirClient client() {
        return client;
    }

    boolean ready() {
        return client.isReady();
    }

    long liveAgents() {
        return liveAgents(0);
    }

    /** Agents that are neither lost nor disabled and heartbeat at or after {@code since} (epoch ms). */
    long liveAgents(long since) {
        return client.resourceClusters().taskExecutors("default").stream()
                .filter(e -> !e.state().equals("lost") && !e.state().equals("disabled") && e.lastHeartbeat() >= since).count();
    }

    /**
     * Forgets the agents not among {@code keep} that are lost or were not heard from since {@code since} (an earlier
     * run's); returns their ids. One that turns out live is left alone.
     */
    List<String> forgetGoneAgents(java.util.Collection<String> keep, long since) {
        var gone = new java.util.ArrayList<String>();
        for (var e : client.resourceClusters().taskExecutors("default")) {
            if (keep.contains(e.id()) || !(e.state().equals("lost") || e.lastHeartbeat() < since)) {
                continue;
            }
            try {
                client.resourceClusters().forget("default", e.id());
                gone.add(e.id());
            } catch (WeirClientException live) {
                // it heartbeats after all: not ours to forget
            }
        }
        return gone;
    }

    /** What an earlier run left in this master's store, in a sentence, or null when it had nothing. */
    String earlierRun() {
        var clusters = client.jobClusters().list();
        if (clusters.isEmpty()) {
            return null;
        }
        var jobs = client.jobs().list(io.weir.client.rest.JobFilter.ALL.active());
        var agents = client.resourceClusters().taskExecutors("default");
        long newest = agents.stream().mapToLong(TaskExecutorInfo::lastHeartbeat).max().orElse(0);
        return clusters.size() + " job cluster" + (clusters.size() == 1 ? "" : "s")
                + (jobs.isEmpty() ? ", no active job" : ", active job" + (jobs.size() == 1 ? " " : "s ")
                        + String.join(", ", jobs.stream().map(JobDetails::jobId).toList()))
                + (agents.isEmpty() ? "" : ", " + agents.size() + " agent" + (agents.size() == 1 ? "" : "s") + " last heard "
                        + Math.max(0, (System.currentTimeMillis() - newest) / 1000) + " s ago")
                + (jobs.isEmpty() ? "" : "; workers of the earlier run count only once they report again");
    }

    /** The cluster's active job, after creating the cluster and submitting a job if there was none. */
    String ensureWordCount(String cluster) {
        return ensureJob(cluster, WORD_COUNT.formatted(cluster));
    }

    /** As {@link #ensureWordCount}, for the top words of {@code upstream}'s word counts, read by cluster name. */
    String ensureTopWords(String cluster, String upstream) {
        return ensureJob(cluster, TOP_WORDS.formatted(cluster, upstream));
    }

    private String ensureJob(String cluster, String definition) {
        createCluster(definition);
        var active = client.jobs().list(io.weir.client.rest.JobFilter.ALL.ofCluster(cluster).active());
        return active.isEmpty() ? submit(cluster) : active.get(0).jobId();
    }

    /** Creates a job cluster from its JSON definition; one that already exists is left as it is. */
    void createCluster(String definition) {
        try {
            client.jobClusters().create(Json.strict().readValue(definition, JobClusterDefinition.class));
        } catch (WeirClientException e) {
            if (e.status() != CONFLICT) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Submits a job of {@code cluster} and returns its id. */
    String submit(String cluster) {
        return client.jobClusters().submit(cluster).jobId();
    }

    JobDetails job(String jobId) {
        return client.jobs().get(jobId);
    }

    /** True when every worker of the job is Started and has reported to this master since it started. */
    boolean allStarted(String jobId) {
        var job = job(jobId);
        return started(job) == size(job);
    }

    String startedWorkers(String jobId) {
        var job = job(jobId);
        return started(job) + "/" + size(job);
    }

    /** host:port of the job's first sink worker. */
    String sink(String jobId) {
        var stages = job(jobId).stages();
        var w = stages.get(stages.size() - 1).workers().get(0);
        return w.host() + ":" + w.ports().get(0);
    }

    /** The first {@code n} records of the job's output, read through a client session. */
    List<String> tail(String jobId, int n) {
        if (n <= 0) {
            return List.of();
        }
        try (var session = client.sinkSession(SinkTarget.job(jobId)).clientId("weir-up").build()) {
            return session.records().take(n).map(SinkRecord::payload).collectList().block(Duration.ofSeconds(30));
        }
    }

    /** Started workers this master has heard from since it started: not ones of an earlier run recovered from its store. */
    private static long started(JobDetails job) {
        return job.stages().stream().flatMap(s -> s.workers().stream())
                .filter(w -> w.state() == WorkerState.Started && w.lastHeartbeatAt() != null).count();
    }

    private static int size(JobDetails job) {
        return job.stages().stream().mapToInt(JobDetails.Stage::numWorkers).sum();
    }

    @Override
    public void close() {
        client.close();
    }
}
