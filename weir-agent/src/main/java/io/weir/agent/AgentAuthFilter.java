package io.weir.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.security.ClusterSecret;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The filter in front of the agent's routes: everything but {@code /healthz} and {@code /metrics} needs the master's
 * key ({@link ClusterSecret#agentKey()}) as bearer token; others get 401, counted in
 * {@code weir_http_requests_refused_total{server="agent"}} and logged at WARN at most once a second.
 */
final class AgentAuthFilter {

    private static final Logger log = LoggerFactory.getLogger(AgentAuthFilter.class);

    private final ClusterSecret secret;
    private final Counter refused;
    private long lastLog;

    /** A filter for {@code secret}; null lets everything through (authentication off). */
    AgentAuthFilter(ClusterSecret secret, MeterRegistry metrics) {
        this.secret = secret;
        this.refused = Counter.builder("weir_http_requests_refused").description("Requests refused for a missing or wrong credential")
                .tag("server", "agent").tag("reason", "wrong_master_key").register(metrics);
    }

    /** {@code routes} behind this filter; {@code reject} answers a refused request with a status and a sentence. */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> routes,
            Rejecter reject) {
        return (req, res) -> {
            if (secret == null || open(req.fullPath()) || secret.matchesAgentKey(bearer(req))) {
                return routes.apply(req, res);
            }
            refused.increment();
            if (mayLog()) {
                log.warn("Refused {} {} from {}: not the master's credential", req.method(), req.fullPath(), req.remoteAddress());
            }
            return reject.reject(res.keepAlive(false), 401, "only this agent's master may call it: the request lacks the key derived from the "
                    + "cluster secret (Authorization: Bearer)");
        };
    }

    /** Answers a refused request. */
    @FunctionalInterface
    interface Rejecter {
        Publisher<Void> reject(HttpServerResponse res, int status, String message);
    }

    private static boolean open(String path) {
        return path.equals("/healthz") || path.equals("/metrics");
    }

    private static String bearer(HttpServerRequest req) {
        String header = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    private synchronized boolean mayLog() {
        long now = System.nanoTime();
        if (lastLog != 0 && now - lastLog < 1_000_000_000L) {
            return false;
        }
        lastLog = now;
        return true;
    }
}
