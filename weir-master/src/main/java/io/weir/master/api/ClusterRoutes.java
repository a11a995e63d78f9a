package io.weir.master.api;

import io.weir.core.model.JobClusterDefinition;
import io.weir.master.job.ClusterRecord;
import io.weir.master.job.SubmitRequest;
import java.util.Map;
import reactor.netty.http.server.HttpServerRoutes;

/** {@code /api/v1/jobClusters}: create, read, update, delete job clusters and submit their jobs. */
final class ClusterRoutes {

    private final ControlPlane cp;
    private final JsonExchange http;

    ClusterRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/api/v1/jobClusters", http.route((req, body) ->
                cp.onLoop(() -> Reply.ok(Map.of("list", cp.clusters().list().stream().map(ClusterRecord::definition).toList())))));
        routes.post("/api/v1/jobClusters", http.route((req, body) -> {
            var def = http.parse(body, JobClusterDefinition.class);
            return cp.onLoop(() -> new Reply(201, cp.clusters().create(def).definition()));
        }));
        routes.get("/api/v1/jobClusters/{name}", http.route((req, body) -> {
            String name = req.param("name");
            return cp.onLoop(() -> Reply.ok(cp.clusters().get(name).definition()));
        }));
        routes.put("/api/v1/jobClusters/{name}", http.route((req, body) -> {
            String name = req.param("name");
            var def = http.parse(body, JobClusterDefinition.class);
            return cp.onLoop(() -> Reply.ok(cp.clusters().update(name, def).definition()));
        }));
        routes.delete("/api/v1/jobClusters/{name}", http.route((req, body) -> {
            String name = req.param("name");
            return cp.onLoop(() -> {
                cp.clusters().delete(name, cp.jobs().hasActiveJobs(name));
                return Reply.ok(Map.of("deleted", name));
            });
        }));
        routes.post("/api/v1/jobClusters/{name}/jobs", http.route((req, body) -> {
            String name = req.param("name");
            var overrides = http.parseOptional(body, SubmitRequest.class, SubmitRequest.NONE);
            return cp.onLoop(() -> new Reply(201, cp.jobs().submit(name, overrides)));
        }));
    }

}
