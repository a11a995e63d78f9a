package io.weir.client.rest;

import static io.weir.client.internal.MasterHttp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.internal.MasterHttp;
import io.weir.core.model.JobDetails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** {@code /api/v1/jobs}: list, describe, kill, scale stages, replace workers, read their logs, sink tokens. Thread-safe. */
public final class Jobs {

    private static final String ROOT = "/api/v1/jobs";
    /** How the master says its sinks need no token. */
    private static final String WITHOUT_SECRET = "runs without a secret";

    private final MasterHttp http;

    public Jobs(MasterHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Jobs matching the filter, newest first; ended jobs are listed without their workers. */
    public List<JobDetails> list(JobFilter filter) {
        return listAsync(filter).block();
    }

    public Mono<List<JobDetails>> listAsync(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return http.list(http.url(ROOT, filter.query()), JobDetails.class);
    }

    /** One job with its stages and current workers; 404 if it never existed. */
    public JobDetails get(String jobId) {
        return getAsync(jobId).block();
    }

    public Mono<JobDetails> getAsync(String jobId) {
        return http.call(HttpMethod.GET, http.url(ROOT + "/" + segment(jobId), Map.of()), null, JobDetails.class);
    }

    /** Kills an active job, which ends {@code Killed} with the reason (may be null); 409 if it has already ended. */
    public void kill(String jobId, String reason) {
        killAsync(jobId, reason).block();
    }

    public Mono<Void> killAsync(String jobId, String reason) {
        var query = new HashMap<String, String>();
        query.put("reason", reason);
        return http.call(HttpMethod.DELETE, http.url(ROOT + "/" + segment(jobId), query), null, JsonNode.class).then();
    }

    /** Sets a scalable stage's worker count, within its min and max; answers the job as it is afterwards. */
    public JobDetails scaleStage(String jobId, int stage, int numWorkers) {
        return scaleStageAsync(jobId, stage, numWorkers).block();
    }

    public Mono<JobDetails> scaleStageAsync(String jobId, int stage, int numWorkers) {
        return http.call(HttpMethod.POST, http.url(ROOT + "/" + segment(jobId) + "/actions/scaleStage", Map.of()),
                Map.of("StageNumber", stage, "NumWorkers", numWorkers), JobDetails.class);
    }

    /**
     * The read token of the job's sinks (sent as {@code Authorization: Bearer}), or empty when the cluster runs without a
     * secret and its sinks need none; 404 if the job never existed, 401/403 without read access.
     */
    public Optional<String> sinkToken(String jobId) {
        return sinkTokenAsync(jobId).block();
    }

    public Mono<Optional<String>> sinkTokenAsync(String jobId) {
        String url = http.url(ROOT + "/" + segment(jobId) + "/sinkToken", Map.of());
        return http.exchange(HttpMethod.GET, url, null).map(res -> {
            if (res.status() == 404 && new String(res.body(), java.nio.charset.StandardCharsets.UTF_8).contains(WITHOUT_SECRET)) {
                return Optional.<String>empty();
            }
            if (res.status() < 200 || res.status() >= 300) {
                throw http.failure(res.status(), res.body());
            }
            try {
                return Optional.of(http.json().readTree(res.body()).path("sinkToken").asText());
            } catch (java.io.IOException e) {
                throw new io.weir.client.WeirClientException(res.status(), "unreadable sink token from the master: " + e.getMessage(), e);
            }
        });
    }

    /** Replaces a worker at once with a new one at the same index; answers the job as it is afterwards. */
    public JobDetails resubmitWorker(String jobId, int workerNumber, String reason) {
        return resubmitWorkerAsync(jobId, workerNumber, reason).block();
    }

    public Mono<JobDetails> resubmitWorkerAsync(String jobId, int workerNumber, String reason) {
        var body = new HashMap<String, Object>();
        body.put("workerNumber", workerNumber);
        if (reason != null) {
            body.put("reason", reason);
        }
        return http.call(HttpMethod.POST, http.url(ROOT + "/" + segment(jobId) + "/actions/resubmitWorker", Map.of()),
                body, JobDetails.class);
    }

    /** The last {@code tail} lines (0..10000) of a worker's log, from the agent it runs on; 404 when it runs nowhere now. */
    public WorkerLog workerLog(String jobId, int workerNumber, int tail) {
        return workerLogAsync(jobId, workerNumber, tail).block();
    }

    public Mono<WorkerLog> workerLogAsync(String jobId, int workerNumber, int tail) {
        return http.call(HttpMethod.GET, http.url(ROOT + "/" + segment(jobId) + "/workers/" + workerNumber + "/logs",
                Map.of("tail", Integer.toString(tail))), null, WorkerLog.class);
    }
}
