package io.weir.master.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.weir.core.model.JobDetails;
import io.weir.core.security.JobTokens;
import io.weir.master.job.JobHistory;
import io.weir.master.job.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/** {@code /api/v1/jobs}: list, describe, kill, scale, resubmit workers, the sinks' read token. */
final class JobRoutes {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    /** Body of scaleStage, in Mantis's field names. */
    record ScaleStage(@JsonProperty(value = "StageNumber", required = true) @JsonSetter(nulls = Nulls.FAIL) Integer stageNumber,
                      @JsonProperty(value = "NumWorkers", required = true) @JsonSetter(nulls = Nulls.FAIL) Integer numWorkers,
                      @JsonProperty("Reason") String reason) {
    }

    /** Body of resubmitWorker. */
    record ResubmitWorker(@JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) Integer workerNumber, String reason) {
    }

    private final ControlPlane cp;
    private final JsonExchange http;

    JobRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/api/v1/jobs", http.route((req, body) -> list(JsonExchange.query(req, "cluster"),
                JsonExchange.query(req, "state"), JsonExchange.query(req, "limit"))));
        routes.get("/api/v1/jobs/{jobId}", http.route((req, body) -> {
            String jobId = req.param("jobId");
            return cp.onLoop(() -> cp.jobs().activeDetails(jobId))
                    .flatMap(active -> active.isPresent() ? Mono.just(Reply.ok(active.get()))
                            : cp.read(() -> Reply.ok(JobHistory.details(cp.store(), jobId)
                                    .orElseThrow(() -> new NotFoundException("job " + jobId + " does not exist")))));
        }));
        routes.get("/api/v1/jobs/{jobId}/sinkToken", http.route((req, body) -> sinkToken(req.param("jobId"))));
        routes.delete("/api/v1/jobs/{jobId}", http.route((req, body) -> {
            String jobId = req.param("jobId");
            String reason = JsonExchange.query(req, "reason");
            return cp.onLoop(() -> {
                cp.jobs().kill(jobId, reason);
                return new Reply(202, Map.of("jobId", jobId, "state", "Killed"));
            });
        }));
        routes.post("/api/v1/jobs/{jobId}/actions/scaleStage", http.route((req, body) -> {
            String jobId = req.param("jobId");
            var scale = http.parse(body, ScaleStage.class);
            return cp.onLoop(() -> Reply.ok(cp.jobs().scale(jobId, scale.stageNumber(), scale.numWorkers(), scale.reason())));
        }));
        routes.post("/api/v1/jobs/{jobId}/actions/resubmitWorker", http.route((req, body) -> {
            String jobId = req.param("jobId");
            var r = http.parse(body, ResubmitWorker.class);
            return cp.onLoop(() -> Reply.ok(cp.jobs().resubmitWorker(jobId, r.workerNumber(), r.reason())));
        }));
    }

    /**
     * The read token of the job's sinks ({@link JobTokens#sinkToken}), for callers with read access or a job token; 404
     * when the job does not exist or the cluster runs without a secret (its sinks then ask for no token).
     */
    private Mono<Reply> sinkToken(String jobId) {
        JobTokens tokens = cp.jobs().tokens();
        if (tokens == null) {
            return Mono.error(new HttpStatusException(404, "this cluster runs without a secret; sinks need no token"));
        }
        return cp.onLoop(() -> cp.jobs().activeDetails(jobId))
                .flatMap(active -> active.isPresent() ? Mono.just(true)
                        : cp.read(() -> JobHistory.details(cp.store(), jobId).isPresent()))
                .map(exists -> {
                    if (!exists) {
                        throw new NotFoundException("job " + jobId + " does not exist");
                    }
                    return Reply.ok(Map.of("jobId", jobId, "sinkToken", JobTokens.sinkToken(tokens.tokenFor(jobId))));
                });
    }

    private Mono<Reply> list(String cluster, String state, String limitText) {
        int limit = parseLimit(limitText);
        if (state != null && !state.equals("active") && !state.equals("terminal")) {
            return Mono.error(new HttpStatusException(400, "state: '" + state + "' (expected: active or terminal)"));
        }
        Mono<List<JobDetails>> active = "terminal".equals(state) ? Mono.just(List.of()) : cp.onLoop(() -> cp.jobs().activeJobs(cluster));
        if ("active".equals(state)) {
            return active.map(a -> Reply.ok(Map.of("list", a.subList(0, Math.min(limit, a.size())))));
        }
        return active.flatMap(a -> cp.read(() -> {
            var out = new ArrayList<>(a);
            var activeIds = a.stream().map(JobDetails::jobId).toList();
            for (var r : cp.store().loadJobs(false, cluster, limit + a.size())) {
                if (r.state().isTerminal() && !activeIds.contains(r.jobId())) {
                    out.add(new JobDetails(r.jobId(), r.cluster(), r.state(), r.submittedAt(), r.endedAt(), r.reason(),
                            r.definition().parameters(), r.definition().labels(), List.of()));
                }
            }
            out.sort((x, y) -> Long.compare(y.submittedAt(), x.submittedAt()));
            return Reply.ok(Map.of("list", out.subList(0, Math.min(limit, out.size()))));
        }));
    }

    private static int parseLimit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new HttpStatusException(400, "limit: '" + text + "' (expected: 1.." + MAX_LIMIT + ")");
    }
}
