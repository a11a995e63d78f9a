package io.weir.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.weir.agent.process.WorkerLogs;
import io.weir.core.executor.WorkerAssignment;
import io.weir.core.executor.WorkerRef;
import io.weir.core.json.JsonErrors;
import io.weir.core.model.WorkerState;
import io.weir.transport.http.ConnectionGate;
import io.weir.transport.http.HttpServerLimits;
import io.weir.transport.tls.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The agent's own HTTP server, what the master and Prometheus call: {@code POST /api/v1/workers} (assign, 202),
 * {@code DELETE /api/v1/workers/{jobId}/{workerNumber}} (stop, 202), {@code GET /api/v1/workers},
 * {@code GET /api/v1/workers/{jobId}/{workerNumber}/logs?tail=N} (a worker process's log), {@code GET /metrics},
 * {@code GET /healthz}; all but the last two only for the master ({@link AgentAuthFilter}). Handlers run on reactor-netty's event loops and never block: starting and stopping workers is
 * handed to {@link LocalWorkers}. Errors are {@code {"error": "..."}}.
 */
final class AgentHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentHttpServer.class);

    private final DisposableServer server;
    private final ObjectMapper json;
    private final Supplier<LocalWorkers> workers;
    private final Supplier<WorkerLogs> logs;
    private final Supplier<Map<String, Object>> health;
    private final PrometheusMeterRegistry metrics;
    private final int maxBodyBytes;

    /** Binds {@code bindHost:port}; a request body over {@code maxBodyBytes}, on any route, gets 413 before it is read. */
    AgentHttpServer(String bindHost, int port, HttpServerLimits limits, int maxBodyBytes, ObjectMapper json, Supplier<LocalWorkers> workers,
                    Supplier<WorkerLogs> logs, Supplier<Map<String, Object>> health, PrometheusMeterRegistry metrics,
                    io.weir.core.security.ClusterSecret secret, TlsConfig tls) {
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.workers = workers;
        this.logs = logs;
        this.health = health;
        this.metrics = metrics;
        var gate = new ConnectionGate("agent", limits.maxConnections(), "WEIR_AGENT_HTTP_MAX_CONNECTIONS", metrics);
        var routes = HttpServerRoutes.newRoutes()
                        .post("/api/v1/workers", limited(this::assign))
                        .delete("/api/v1/workers/{jobId}/{workerNumber}", limited(this::stop))
                        .get("/api/v1/workers", limited((req, res) -> send(res, 200, Map.of("list", live().views()))))
                        .get("/api/v1/workers/{jobId}/{workerNumber}/logs", limited(this::logs))
                        .get("/metrics", limited((req, res) -> res
                                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                                .sendString(Mono.fromCallable(metrics::scrape))))
                        .get("/healthz", limited((req, res) -> send(res, 200, health.get())))
                        .route(req -> true, limited((req, res) -> error(res, 404, "no such endpoint: " + req.method() + " " + req.path()
                                + " (an agent serves /api/v1/workers, /metrics and /healthz)")));
        var filter = new AgentAuthFilter(secret, metrics);
        this.server = limits.applyTo(tls.applyTo(HttpServer.create()).host(bindHost).port(port), gate)
                .handle(filter.guard(routes, this::error))
                .bindNow(Duration.ofSeconds(10));
    }

    int port() {
        return server.port();
    }

    /** {@code handler}, behind a refusal of any request that declares a body over the limit. */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> limited(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> declaredLength(req) > maxBodyBytes ? tooLarge(res) : handler.apply(req, res);
    }

    private static long declaredLength(HttpServerRequest req) {
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        return length != null && length.trim().matches("\\d{1,18}") ? Long.parseLong(length.trim()) : -1;
    }

    private Mono<Void> tooLarge(HttpServerResponse res) {
        return error(res, 413, "request body is larger than " + maxBodyBytes
                + " bytes (raise WEIR_AGENT_MAX_REQUEST_BYTES on the agent if this is intended)");
    }

    private LocalWorkers live() {
        return workers.get();
    }

    private Publisher<Void> assign(HttpServerRequest req, HttpServerResponse res) {
        return body(req).flatMap(body -> {
            WorkerAssignment a;
            try {
                a = body.length == 0 ? null : json.readValue(body, WorkerAssignment.class);
            } catch (JsonProcessingException e) {
                return error(res, 400, JsonErrors.describe(e));
            } catch (java.io.IOException e) {
                return error(res, 400, "unreadable assignment: " + e.getMessage());
            }
            String problem = a == null ? "body: missing (expected: a worker assignment)" : problem(a);
            if (problem != null) {
                return error(res, 400, problem);
            }
            return switch (live().assign(a)) {
                case STARTING, ALREADY_KNOWN -> send(res, 202, accepted(a.ref()));
                case CLOSING -> error(res, 503, "this agent is shutting down; assign the worker elsewhere");
            };
        }).onErrorResume(TooLarge.class, e -> tooLarge(res))
                .onErrorResume(HttpServerLimits::isBodyTimeout, e -> error(res, 408,
                        "the assignment did not arrive in time (WEIR_AGENT_HTTP_BODY_TIMEOUT_MILLIS); send it right after the headers"));
    }

    /** The request body (its declared length was checked by {@link #limited}), refused as soon as it grows over the limit. */
    private Mono<byte[]> body(HttpServerRequest req) {
        return req.receive().reduceWith(ByteArrayOutputStream::new, (out, buf) -> {
            if (out.size() + buf.readableBytes() > maxBodyBytes) {
                throw new TooLarge();
            }
            byte[] chunk = new byte[buf.readableBytes()];
            buf.readBytes(chunk);
            out.writeBytes(chunk);
            return out;
        }).map(ByteArrayOutputStream::toByteArray).defaultIfEmpty(new byte[0]);
    }

    /** A request body over the limit. */
    private static final class TooLarge extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private Publisher<Void> stop(HttpServerRequest req, HttpServerResponse res) {
        var ref = workerRef(req);
        if (ref == null) {
            return error(res, 400, "workerNumber: '" + req.param("workerNumber") + "' (expected: a whole number)");
        }
        boolean running = live().stop(ref, WorkerState.Completed, "stopped at the master's request");
        if (running) {
            log.info("Stopping worker {}/{} at the master's request", ref.jobId(), ref.workerNumber());
        }
        var body = accepted(ref);
        body.put("running", running);
        return send(res, 202, body);
    }

    /** The worker a {@code /api/v1/workers/{jobId}/{workerNumber}} path names; null when the number is not one. */
    private static WorkerRef workerRef(HttpServerRequest req) {
        try {
            return new WorkerRef(URLDecoder.decode(req.param("jobId"), StandardCharsets.UTF_8), Integer.parseInt(req.param("workerNumber")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> accepted(WorkerRef ref) {
        var body = new LinkedHashMap<String, Object>();
        body.put("jobId", ref.jobId());
        body.put("workerNumber", ref.workerNumber());
        return body;
    }

    private Publisher<Void> logs(HttpServerRequest req, HttpServerResponse res) {
        var ref = workerRef(req);
        if (ref == null) {
            return error(res, 400, "workerNumber: '" + req.param("workerNumber") + "' (expected: a whole number)");
        }
        String tailText = new QueryStringDecoder(req.uri()).parameters().getOrDefault("tail", java.util.List.of("100")).get(0);
        int tail;
        try {
            tail = Integer.parseInt(tailText);
        } catch (NumberFormatException e) {
            tail = -1;
        }
        if (tail < 0 || tail > WorkerLogs.MAX_TAIL_LINES) {
            return error(res, 400, "tail: '" + tailText + "' (expected: 0.." + WorkerLogs.MAX_TAIL_LINES + " lines)");
        }
        var workerLogs = logs.get();
        if (workerLogs == null) {
            return error(res, 404, "this agent runs workers in its own JVM (WEIR_WORKER_MODE=in-agent): their output is in the agent's log");
        }
        int lines = tail;
        return Mono.fromCallable(() -> workerLogs.tail(ref, lines))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return error(res, 404, "no log of worker " + ref.workerNumber() + " of " + ref.jobId()
                                + " on this agent (it never ran here, or its log was deleted: ended workers' logs are kept for a while)");
                    }
                    var body = accepted(ref);
                    body.put("lines", found.get());
                    return send(res, 200, body);
                });
    }

    /** What is wrong with an assignment, or null. */
    static String problem(WorkerAssignment a) {
        if (a.jobId() == null || a.jobId().isBlank()) {
            return "jobId: missing (expected: the worker's job id, e.g. wordcount-1)";
        }
        if (a.workerNumber() < 0) {
            return "workerNumber: " + a.workerNumber() + " (expected: >= 0)";
        }
        if (a.jobClass() == null || a.jobClass().isBlank()) {
            return "jobClass: missing (expected: the class implementing io.weir.core.worker.WorkerEntryPoint)";
        }
        if (a.stage() < 1 || a.totalStages() < a.stage()) {
            return "stage: " + a.stage() + " of " + a.totalStages() + " (expected: 1 <= stage <= totalStages)";
        }
        if (a.workerIndex() < 0) {
            return "workerIndex: " + a.workerIndex() + " (expected: >= 0)";
        }
        for (Integer p : a.ports()) {
            if (p == null || p < 1 || p > 65535) {
                return "ports: " + a.ports() + " (expected: port numbers 1..65535)";
            }
        }
        return a.jobId().length() > 255 || a.jobId().contains("/")
                ? "jobId: '" + a.jobId() + "' (expected: a job id without '/', at most 255 characters)" : null;
    }

    private Mono<Void> error(HttpServerResponse res, int status, String message) {
        return send(res, status, Map.of("error", message));
    }

    private Mono<Void> send(HttpServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            log.error("Cannot render a response", e);
            status = 500;
            bytes = "{\"error\":\"cannot render the response\"}".getBytes(StandardCharsets.UTF_8);
        }
        return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendByteArray(Mono.just(bytes)).then();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
