package io.weir.master.api;

import java.util.Optional;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/** The discovery streams as Server-Sent Events: per-job scheduling info and per-cluster newest job, with aliases. */
final class DiscoveryRoutes {

    private final ControlPlane cp;
    private final JsonExchange http;

    DiscoveryRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        var scheduling = stream(this::schedulingInfo);
        routes.get("/assignmentresults/{id}", scheduling);
        routes.get("/api/v1/jobDiscoveryStream/{id}", scheduling);
        var named = stream(this::namedJob);
        routes.get("/namedjobs/{id}", named);
        routes.get("/api/v1/lastSubmittedJobIdStream/{id}", named);
    }

    private Mono<Flux<byte[]>> schedulingInfo(String jobId, boolean heartbeats) {
        var live = cp.discovery().schedulingInfo(jobId, heartbeats);
        if (live.isPresent()) {
            return Mono.just(live.get());
        }
        return cp.read(() -> cp.store().loadJob(jobId)).flatMap(job -> job.isPresent()
                ? Mono.just(Flux.just(cp.discovery().endedFrame(jobId)))
                : Mono.error(new HttpStatusException(404, "job " + jobId + " does not exist")));
    }

    private Mono<Flux<byte[]>> namedJob(String cluster, boolean heartbeats) {
        Optional<Flux<byte[]>> frames = cp.discovery().namedJob(cluster, heartbeats);
        return frames.map(Mono::just).orElseGet(() ->
                Mono.error(new HttpStatusException(404, "job cluster '" + cluster + "' does not exist")));
    }

    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> stream(
            BiFunction<String, Boolean, Mono<Flux<byte[]>>> source) {
        return http.bodiless((req, res) -> {
            if (!cp.ready().get()) {
                return http.send(res, ErrorMapper.toReply(ControlPlane.notReady()));
            }
            boolean heartbeats = "true".equalsIgnoreCase(JsonExchange.query(req, "sendHB"));
            return source.apply(req.param("id"), heartbeats)
                    .flatMap(frames -> SseResponses.send(res, frames))
                    .onErrorResume(e -> http.send(res, ErrorMapper.toReply(e)));
        });
    }
}
