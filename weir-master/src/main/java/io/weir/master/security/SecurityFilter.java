package io.weir.master.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The filter in front of every route: identifies the caller, asks the {@link AccessPolicy}, and answers a refusal
 * itself (counted in {@code weir_http_requests_refused_total{reason}}; refused agent calls logged at WARN, at most once
 * a second).
 */
public final class SecurityFilter {

    private static final Logger log = LoggerFactory.getLogger(SecurityFilter.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final Authenticator authenticator;
    private final AccessPolicy policy = new AccessPolicy();
    private final MeterRegistry metrics;
    private long lastLog;
    private long suppressed;

    public SecurityFilter(Authenticator authenticator, MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /**
     * {@code routes} behind this filter; {@code reject} renders a refusal as the server's JSON error with that status.
     */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> routes,
            BiFunction<HttpServerResponse, Refusal, Mono<Void>> reject) {
        return (req, res) -> {
            String path = req.fullPath();
            Principal who = authenticator.identify(req);
            Refusal refusal = policy.check(req.method(), path, who, Authenticator.bearer(req) != null);
            if (refusal == null) {
                return routes.apply(req, res);
            }
            refused(req, path, refusal);
            return reject.apply(res, refusal);
        };
    }

    private void refused(HttpServerRequest req, String path, Refusal refusal) {
        Counter.builder("weir_http_requests_refused").description("Requests refused by authentication or authorisation")
                .tag("reason", refusal.reason()).register(metrics).increment();
        if (AccessPolicy.agentCall(path) && mayLog()) {
            log.warn("Refused {} {} from {}: {} {}", req.method(), path, req.remoteAddress(), refusal.status(), refusal.message());
        }
    }

    private synchronized boolean mayLog() {
        long now = System.nanoTime();
        if (lastLog != 0 && now - lastLog < LOG_INTERVAL_NANOS) {
            suppressed++;
            return false;
        }
        if (suppressed > 0) {
            log.warn("{} more refused agent calls since the last warning", suppressed);
        }
        suppressed = 0;
        lastLog = now;
        return true;
    }
}
