package io.weir.master.api;

import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.security.JobTokens;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /api/v1/jobClusters/{name}/assignments}: the director names the worker of the cluster's service job that a
 * client session should use, with the job's read token to call it with (503 with a sentence per worker when none can
 * take it).
 */
final class DirectorRoutes {

    private static final AssignmentRequest NONE = new AssignmentRequest(null, null, null);

    private final ControlPlane cp;
    private final JsonExchange http;

    DirectorRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.post("/api/v1/jobClusters/{name}/assignments", http.route((req, body) -> {
            String name = req.param("name");
            var request = http.parseOptional(body, AssignmentRequest.class, NONE);
            // discovery's last published view, not the control loop: a worker's failure keeps the loop busy just when
            // its clients ask again; only a cluster without active jobs goes to the loop, to tell unknown (404) from idle
            List<JobSchedulingInfo> published = cp.jobs().publishedSchedulingInfo(name);
            Mono<List<JobSchedulingInfo>> active = !published.isEmpty() ? Mono.just(published) : cp.onLoop(() -> {
                cp.clusters().get(name);
                return List.<JobSchedulingInfo>of();
            });
            return active.map(jobs -> {
                var assignment = cp.director().assign(name, jobs, request);
                JobTokens tokens = cp.jobs().tokens();
                return Reply.ok(tokens == null ? assignment : assignment.withToken(JobTokens.sinkToken(tokens.tokenFor(assignment.jobId()))));
            });
        }));
    }
}
