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
import reactor.core.publisher.Mono;

/** {@code /api/v1/jobs}: list, describe, kill, scale stages, replace workers and read their logs. Thread-safe. */
public final class Jobs {

    private static final String ROOT = "/api/v1/jobs";

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
