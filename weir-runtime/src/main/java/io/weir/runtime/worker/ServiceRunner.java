package io.weir.runtime.worker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.model.WorkerPorts;
import io.weir.core.security.JobTokens;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.service.ServiceAvailability;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceJob;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.runtime.service.ServiceRequest;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.planes.RpcServers;
import io.weir.transport.tcp.TcpChannels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Starts one worker of a {@link ServiceJob}: builds its handler, starts request servers on the planes
 * {@link TransportConfig} chooses (bound to the worker's bind host and, in order, its assigned ports: the request
 * plane on the first, its fallback on the second; a free port when none is assigned) and reports their addresses, as
 * reached at the worker's host, in the {@code endpoints} of its ports. Returns once the servers are bound and a
 * {@link ServiceWarmUp} session has run through them.
 */
public final class ServiceRunner {

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(2);

    private ServiceRunner() {
    }

    /** Starts {@code job}'s worker with the planes of the process's environment ({@link TransportConfig#fromEnvironment()}). */
    public static ServiceWorker start(ServiceJob job, WorkerContext worker) {
        return start(job, worker, TransportConfig.fromEnvironment());
    }

    /** As {@link #start(ServiceJob, WorkerContext)}, with the planes of {@code config}. */
    public static ServiceWorker start(ServiceJob job, WorkerContext worker, TransportConfig config) {
        if (worker.totalStages() != 1) {
            throw new InvalidDefinitionException("the job cluster declares " + worker.totalStages() + " stages but "
                    + job.getClass().getName() + " is a service (one stage): declare 1 stage");
        }
        var parameters = Parameters.validate(job.parameters(), worker.parameters());
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var context = new JobContext(worker.jobId(), worker.stage(), worker.totalStages(), worker.workerIndex(),
                worker.workerNumber(), parameters, registry, worker.masterUrl(), worker.jobToken());
        var availability = new ServiceAvailability();
        var running = new ServiceWorker(worker.jobId() + "/" + worker.workerNumber(), availability);
        ServiceHandler handler = job.handler(context, running);
        var metrics = new ServiceMetrics(registry, worker.jobId());
        TransportConfig planes = bound(config, worker);
        EventLoopGroup group = null;
        RpcServers servers = null;
        WorkerMetricsServer metricsServer = null;
        try {
            group = TcpChannels.newGroup(2);
            String readToken = worker.jobToken() == null ? null : JobTokens.sinkToken(worker.jobToken());
            var warmUp = new ServiceWarmUp();
            RpcHandler rpc = (request, response) -> warmUp.matches(request)
                    ? open(request, response, ServiceWarmUp.HANDLER, context, running, warmUp.metrics(), readToken)
                    : open(request, response, handler, context, running, metrics, readToken);
            servers = RpcServers.start(planes, Map.of(ServiceProtocol.ENDPOINT, rpc), group, registry, Clock.systemUTC());
            warmUp.run(planes, servers, group, readToken, WARM_UP_BUDGET);
            metricsServer = new WorkerMetricsServer(registry, worker.bindHost());
            List<TransportEndpoint> endpoints = advertised(servers, planes, worker, handler);
            var ports = new WorkerPorts(List.of(servers.address(planes.requestPlane()).getPort()), metricsServer.port(),
                    null, endpoints);
            running.started(ports, servers, group, metricsServer);
            log.info("Service worker {} of {} serving on {}", worker.workerNumber(), worker.jobId(),
                    endpoints.stream().map(TransportEndpoint::address).toList());
            return running;
        } catch (Throwable e) {
            // Throwable, not RuntimeException: Netty's bind rethrows a checked BindException it does not declare
            ServiceWorker.release(servers, group, metricsServer);
            throw e;
        }
    }

    /**
     * {@code config} with the worker's bind host and assigned ports for the request servers, and on NATS the job as the
     * service (its workers share the job's queue group; each also answers on its own worker subject).
     */
    static TransportConfig bound(TransportConfig config, WorkerContext worker) {
        List<TransportId> order = new ArrayList<>();
        order.add(config.requestPlane());
        config.requestPlaneFallback().ifPresent(order::add);
        int tcpPort = port(worker, order.indexOf(TransportId.TCP));
        int httpPort = port(worker, order.indexOf(TransportId.HTTP));
        return new TransportConfig(config.requestPlane(), config.requestPlaneFallback(), config.responsePlane(),
                worker.bindHost(), httpPort, config.httpRpcRootPath(), config.httpRequestTimeout(),
                config.httpResponseStreamFormat(), config.httpResponseTimeout(), config.httpKeepAlive(),
                config.httpMaxMissedKeepAlives(), worker.bindHost(), tcpPort,
                config.tcpRequestMaxConnections(), config.tcpRequestTimeout(), config.tcpResponseHost(), config.tcp(),
                config.pool(), config.nats().withService(worker.jobId().replaceAll("[^A-Za-z0-9_-]", "_")), config.tls());
    }

    private static int port(WorkerContext worker, int index) {
        return index >= 0 && index < worker.ports().size() ? worker.ports().get(index) : 0;
    }

    /** The servers' endpoints with the address callers use: the worker's host and the bound port. */
    private static List<TransportEndpoint> advertised(RpcServers servers, TransportConfig planes, WorkerContext worker,
                                                      ServiceHandler handler) {
        String host = worker.host() == null || worker.host().isBlank() ? "127.0.0.1" : worker.host();
        List<TransportEndpoint> out = new ArrayList<>();
        for (TransportEndpoint e : servers.endpoints()) {
            String address = switch (e.transportId()) {
                case HTTP -> "http://" + host + ":" + servers.address(e.transportId()).getPort() + planes.httpRpcRootPath();
                case TCP -> host + ":" + servers.address(e.transportId()).getPort();
                case NATS -> e.address();
            };
            var metadata = new HashMap<>(e.metadata());
            metadata.put("service", ServiceProtocol.ENDPOINT);
            metadata.put("resumable", String.valueOf(handler.resumable()));
            metadata.putIfAbsent("responsePlane", e.transportId() == TransportId.HTTP
                    ? planes.responsePlane().wireName() : "tcp");
            out.add(new TransportEndpoint(e.transportId(), e.plane(), address, e.capabilities(), metadata));
        }
        return out;
    }

    /** Admits one session (or refuses it with a code) and starts carrying its responses. */
    private static ControlHandler open(RpcRequest request, ResponseSink response, ServiceHandler handler,
                                       JobContext job, ServiceWorker worker, ServiceMetrics metrics, String readToken) {
        if (readToken != null && !JobTokens.same(readToken, request.params().get(ServiceProtocol.TOKEN))) {
            metrics.refused("forbidden");
            response.fail(ServiceProtocol.FORBIDDEN + ": " + (request.params().containsKey(ServiceProtocol.TOKEN) ? "not this job's token"
                    : "no token") + " (send the job's read token, GET /api/v1/jobs/{jobId}/sinkToken, as the parameter 'token'; "
                    + "ServiceSession does this)");
            return ControlHandler.NONE;
        }
        var availability = worker.availability();
        Optional<String> unavailable = availability.reason();
        if (unavailable.isPresent()) {
            metrics.refused("unavailable");
            response.fail(ServiceProtocol.unavailable(unavailable.get()));
            return ControlHandler.NONE;
        }
        Map<String, String> params = new HashMap<>(request.params());
        params.remove(ServiceProtocol.TOKEN);
        params.remove(ServiceWarmUp.PARAMETER);
        long from;
        Duration budget;
        try {
            from = number(params, ServiceProtocol.FROM, 0);
            long timeout = number(params, ServiceProtocol.TIMEOUT_MILLIS, -1);
            budget = timeout < 0 ? null : Duration.ofMillis(timeout);
        } catch (IllegalArgumentException e) {
            metrics.refused("bad_request");
            response.fail(ServiceProtocol.BAD_REQUEST + ": " + e.getMessage());
            return ControlHandler.NONE;
        }
        if (from > 0 && !handler.resumable()) {
            metrics.refused("not_resumable");
            response.fail(ServiceProtocol.NOT_RESUMABLE + ": this service cannot resume at position " + from
                    + " (start a new session from 0)");
            return ControlHandler.NONE;
        }
        String sessionId = params.getOrDefault(ServiceProtocol.SESSION, UUID.randomUUID().toString());
        var session = new ServedSession(sessionId, from, response, metrics, worker::remove);
        worker.add(session);
        Optional<Instant> deadline = budget == null ? Optional.empty() : Optional.of(Instant.now().plus(budget));
        var context = new ServiceContext(sessionId, from, deadline, session.cancelled(), job, availability);
        Flux<byte[]> responses;
        try {
            responses = handler.handle(new ServiceRequest(params, request.body()), context);
        } catch (RuntimeException e) {
            session.fail("failed", ServiceProtocol.FAILED + ": " + e.getMessage());
            return session;
        }
        if (responses == null) {
            session.fail("failed", ServiceProtocol.FAILED + ": the handler returned no Flux");
            return session;
        }
        if (budget != null) {
            session.deadline(budget);
        }
        responses.subscribe(session);
        return session;
    }

    private static long number(Map<String, String> params, String name, long fallback) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": " + value + " (expected: a number >= 0)");
    }
}
