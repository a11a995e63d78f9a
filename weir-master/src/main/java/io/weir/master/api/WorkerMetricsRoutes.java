package io.weir.master.api;

import io.weir.core.model.WorkerState;
import io.weir.master.job.NotFoundException;
import java.util.Comparator;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /api/v1/jobs/{jobId}/workerMetrics}: each Started worker's record counters, read from its metrics server at
 * the time of the call (at most {@value #PARALLEL} at once, {@link WorkerMeters#TIMEOUT} each), for the web console's
 * records/s.
 */
final class WorkerMetricsRoutes {

    static final int PARALLEL = 32;

    private final ControlPlane cp;
    private final JsonExchange http;
    private final WorkerMeters meters;

    WorkerMetricsRoutes(ControlPlane cp, JsonExchange http, WorkerMeters meters) {
        this.cp = cp;
        this.http = http;
        this.meters = meters;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/api/v1/jobs/{jobId}/workerMetrics", http.route((req, body) -> {
            String jobId = req.param("jobId");
            return cp.onLoop(() -> cp.jobs().activeDetails(jobId)
                            .orElseThrow(() -> new NotFoundException("job " + jobId + " is not active (only active jobs' workers have metrics)")))
                    .flatMap(job -> Flux.fromStream(job.stages().stream().flatMap(s -> s.workers().stream()))
                            .filter(w -> w.state() == WorkerState.Started && w.host() != null && w.metricsPort() != null)
                            .flatMap(w -> meters.read(w.workerNumber(), w.host(), w.metricsPort()), PARALLEL)
                            .sort(Comparator.comparingInt(WorkerMeters.Counts::workerNumber))
                            .collectList()
                            .map(list -> Reply.ok(Map.of("jobId", jobId, "at", System.currentTimeMillis(), "workers", list))));
        }));
    }
}
