package io.weir.runtime.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.weir.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The sink's routes: {@code GET /} streams records as SSE; anything else gets a JSON error: 401 without the read token
 * (when the sink has one), 400 for a bad parameter (an unparsable {@code mql} or a regex over its budget included), 409
 * for a query that conflicts with connected consumers', 503 when the sink has its maximum of consumers.
 */
final class SseEndpoint {

    private final SinkConfig config;
    private final ConsumerRegistry registry;
    private final Subscriptions subscriptions;
    private final SinkMetrics metrics;
    private final ObjectMapper json = Json.strict();
    private final ReadAccess readAccess;

    SseEndpoint(SinkConfig config, ConsumerRegistry registry, Subscriptions subscriptions, SinkMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.readAccess = new ReadAccess(config.readToken());
    }

    void register(HttpServerRoutes routes) {
        routes.get("/", this::stream);
        routes.route(req -> true, (req, res) -> "/".equals(req.fullPath()) || req.fullPath().isEmpty()
                ? error(res, 405, "method " + req.method() + " is not allowed: the sink streams records on GET /")
                : error(res, 404, "no such endpoint: " + req.method() + " " + req.fullPath()
                        + " (the sink streams records on GET /)"));
    }

    private Publisher<Void> stream(HttpServerRequest req, HttpServerResponse res) {
        Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
        String denied = readAccess.denied(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), query.get("token"));
        if (denied != null) {
            metrics.unauthorized();
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"weir-sink\"");
            return error(res, 401, denied);
        }
        SubscribeParams params;
        try {
            params = subscriptions.acquire(SubscribeParams.parse(query, config.defaultHeartbeatSeconds()));
        } catch (BadParameterException e) {
            return error(res, 400, e.getMessage());
        } catch (SubscriptionConflictException e) {
            return error(res, 409, e.getMessage());
        }
        Channel channel = channel(res);
        var consumer = new SinkConsumer(params, channel, config.bufferRecords(), config.metaIntervalMillis(),
                metrics, System.nanoTime(), this::ended);
        SinkConsumer replaced;
        try {
            replaced = registry.add(consumer);
        } catch (SubscriptionConflictException e) {
            subscriptions.release(params);
            return error(res, 409, e.getMessage());
        } catch (SinkFullException e) {
            subscriptions.release(params);
            metrics.full();
            res.header(HttpHeaderNames.RETRY_AFTER, "5");
            return error(res, 503, e.getMessage());
        }
        if (replaced != null) {
            replaced.complete();
        }
        res.withConnection(c -> c.onDispose(consumer::cancel));
        return res.sse()
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .send(consumer);
    }

    private void ended(SinkConsumer consumer) {
        registry.remove(consumer);
        subscriptions.release(consumer.params());
    }

    private static Channel channel(HttpServerResponse res) {
        Channel[] channel = new Channel[1];
        res.withConnection(c -> channel[0] = c.channel());
        return channel[0];
    }

    private Publisher<Void> error(HttpServerResponse res, int status, String message) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an error message as JSON", e);
        }
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body));
    }
}
