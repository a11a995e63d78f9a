package io.weir.master.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.executor.WorkerRef;
import io.weir.master.resource.AgentClient;
import io.weir.master.resource.ResourceClusters;
import java.io.IOException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /api/v1/jobs/{jobId}/workers/{workerNumber}/logs?tail=N}: the last lines of a worker process's log, fetched
 * from the agent the worker is placed on (its {@code GET /api/v1/workers/{jobId}/{workerNumber}/logs}).
 */
final class WorkerLogRoutes {

    static final int DEFAULT_TAIL = 100;
    static final int MAX_TAIL = 10_000;

    private final ResourceClusters clusters;
    private final AgentClient agents;
    private final JsonExchange http;
    private final ObjectMapper json;

    WorkerLogRoutes(ResourceClusters clusters, AgentClient agents, JsonExchange http, ObjectMapper json) {
        this.clusters = clusters;
        this.agents = agents;
        this.http = http;
        this.json = json;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/api/v1/jobs/{jobId}/workers/{workerNumber}/logs", http.route((req, body) -> {
            String jobId = req.param("jobId");
            int workerNumber = number("workerNumber", req.param("workerNumber"), 0, Integer.MAX_VALUE);
            String tailText = JsonExchange.query(req, "tail");
            int tail = tailText == null ? DEFAULT_TAIL : number("tail", tailText, 0, MAX_TAIL);
            var ref = new WorkerRef(jobId, workerNumber);
            return Mono.fromFuture(() -> clusters.agentUrlOf(ref)).flatMap(url -> {
                if (url.isEmpty()) {
                    return Mono.error(new HttpStatusException(404, "worker " + workerNumber + " of job " + jobId
                            + " runs on no agent now: it is not running, or the job does not exist (a worker's log is kept by"
                            + " the agent it runs on)"));
                }
                return Mono.fromFuture(() -> agents.workerLog(url.get(), jobId, workerNumber, tail))
                        .onErrorMap(e -> new HttpStatusException(502, "the agent at " + url.get() + " did not answer: " + e.getMessage()))
                        .map(this::relay);
            });
        }));
    }

    private Reply relay(AgentClient.AgentReply reply) {
        try {
            return new Reply(reply.status(), json.readTree(reply.body()));
        } catch (IOException e) {
            throw new HttpStatusException(502, "the agent answered " + reply.status() + " with a body that is not JSON");
        }
    }

    private static int number(String name, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpStatusException(400, name + ": '" + text + "' (expected: " + min + ".." + max + ")");
    }
}
