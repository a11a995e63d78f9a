package io.weir.transport.rpc.http;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.callhome.CallHome;
import io.weir.transport.tls.TlsConfig;
import io.weir.transport.rpc.callhome.HostPort;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves endpoints at {@code POST {root}/{endpoint}} (query parameters become request parameters) and
 * streams each response in the configured {@link StreamFormat}. Errors before the first record are a
 * status with {@code {"error": "..."}}; after it, the format's error marker.
 */
public final class HttpRpcServer implements AutoCloseable {

    /** Response header carrying the id used by the stop and kill control requests. */
    public static final String REQUEST_ID = "X-Weir-Request-Id";
    static final int MAX_BODY_BYTES = 16 << 20;
    private static final int BUFFER_RECORDS = 1024;
    private static final long MIN_KEEPALIVE_MILLIS = 20;
    private static final long MAX_KEEPALIVE_MILLIS = 60_000;

    private final DisposableServer server;
    private final Map<String, HttpResponseStream> inFlight;

    private HttpRpcServer(DisposableServer server, Map<String, HttpResponseStream> inFlight) {
        this.server = server;
        this.inFlight = inFlight;
    }

    /** Binds {@code address} and serves {@code handlers} under {@code rootPath} (e.g. {@code /v1/rpc}). */
    public static HttpRpcServer start(InetSocketAddress address, String rootPath, StreamFormat format,
                                      Map<String, RpcHandler> handlers, TransportMetrics metrics) {
        return start(address, rootPath, format, handlers, null, metrics);
    }

    /**
     * Like {@link #start(InetSocketAddress, String, StreamFormat, Map, TransportMetrics)}, and also answers
     * call-home requests (the TCP response plane): their responses go over streams opened through
     * {@code callHomePool} to the caller's response server; {@code null} refuses them.
     */
    public static HttpRpcServer start(InetSocketAddress address, String rootPath, StreamFormat format,
                                      Map<String, RpcHandler> handlers, TcpConnectionPool callHomePool,
                                      TransportMetrics metrics) {
        return start(address, rootPath, format, Duration.ofHours(1), handlers, callHomePool, null, TlsConfig.disabled(),
                metrics);
    }

    /** Like the full form, on reactor-netty's default event loops. */
    public static HttpRpcServer start(InetSocketAddress address, String rootPath, StreamFormat format,
                                      Duration responseTimeout, Map<String, RpcHandler> handlers,
                                      TcpConnectionPool callHomePool, TransportMetrics metrics) {
        return start(address, rootPath, format, responseTimeout, handlers, callHomePool, null, TlsConfig.disabled(), metrics);
    }

    /**
     * The full form: a response streaming longer than {@code responseTimeout} is ended with the format's
     * error marker and its handler hears kill ({@code WEIR_HTTP_RESPONSE_TIMEOUT_SECS}). The server runs
     * on {@code group} when given, else on reactor-netty's shared default loops; over TLS when {@code tls} is on.
     */
    public static HttpRpcServer start(InetSocketAddress address, String rootPath, StreamFormat format,
                                      Duration responseTimeout, Map<String, RpcHandler> handlers,
                                      TcpConnectionPool callHomePool, EventLoopGroup group, TlsConfig tls,
                                      TransportMetrics metrics) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Map<String, RpcHandler> copy = Map.copyOf(handlers);
        Map<String, HttpResponseStream> inFlight = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        HttpServer base = tls.applyTo(HttpServer.create());
        DisposableServer server = (group == null ? base : base.runOn(group))
                .host(address.getHostString())
                .port(address.getPort())
                .route(routes -> routes
                        .post(rootPath + "/_control/{id}/{action}", (req, res) -> control(req, res, inFlight))
                        .post(rootPath + "/{endpoint}", (req, res) -> req.requestHeaders().contains(CallHome.RESPONSE_ADDRESS)
                                ? callHome(req, res, copy, callHomePool, metrics)
                                : serve(req, res, copy, format, responseTimeout, inFlight,
                                        Long.toString(ids.incrementAndGet()), metrics)))
                .bindNow();
        return new HttpRpcServer(server, inFlight);
    }

    private static Publisher<Void> serve(HttpServerRequest req, HttpServerResponse res, Map<String, RpcHandler> handlers,
                                         StreamFormat format, Duration responseTimeout,
                                         Map<String, HttpResponseStream> inFlight, String id,
                                         TransportMetrics metrics) {
        metrics.request();
        String endpoint = req.param("endpoint");
        RpcHandler handler = handlers.get(endpoint);
        if (handler == null) {
            return error(res, HttpResponseStatus.NOT_FOUND, "no handler for endpoint '" + endpoint + "' (serving: "
                    + String.join(", ", new TreeSet<>(handlers.keySet())) + ")");
        }
        return body(req).flatMap(body -> {
            HttpResponseStream stream = new HttpResponseStream(BUFFER_RECORDS);
            ControlHandler control;
            try {
                control = handler.handle(new RpcRequest(endpoint, QueryParams.parse(req.uri()), body), stream);
            } catch (RuntimeException e) {
                metrics.error(TransportMetrics.ErrorType.HANDLER);
                return Mono.from(error(res, HttpResponseStatus.INTERNAL_SERVER_ERROR, endpoint + " failed: "
                        + e.getMessage()));
            }
            stream.control(control == null ? ControlHandler.NONE : control);
            inFlight.put(id, stream);
            return res.status(HttpResponseStatus.OK)
                    .header("Content-Type", format.contentType())
                    .header(REQUEST_ID, id)
                    .send(stream.body(format, res.alloc(), responseTimeout, keepAlive(req))
                            .doOnCancel(() -> {
                                if (!stream.finished()) {
                                    stream.control().onKill();
                                }
                            })
                            .doFinally(s -> inFlight.remove(id)))
                    .then();
        }).onErrorResume(BodyTooLargeException.class, e -> Mono.from(error(res, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                e.getMessage())));
    }

    private static Publisher<Void> callHome(HttpServerRequest req, HttpServerResponse res,
                                            Map<String, RpcHandler> handlers, TcpConnectionPool pool,
                                            TransportMetrics metrics) {
        metrics.request();
        String endpoint = req.param("endpoint");
        RpcHandler handler = handlers.get(endpoint);
        if (pool == null) {
            return error(res, HttpResponseStatus.BAD_REQUEST, "this server does not offer the tcp response plane"
                    + " (call-home); use the http response plane");
        }
        if (handler == null) {
            return error(res, HttpResponseStatus.NOT_FOUND, "no handler for endpoint '" + endpoint + "' (serving: "
                    + String.join(", ", new TreeSet<>(handlers.keySet())) + ")");
        }
        InetSocketAddress caller;
        try {
            caller = HostPort.parse(req.requestHeaders().get(CallHome.RESPONSE_ADDRESS));
        } catch (IllegalArgumentException e) {
            return error(res, HttpResponseStatus.BAD_REQUEST, CallHome.RESPONSE_ADDRESS + ": " + e.getMessage());
        }
        String responseId = String.valueOf(req.requestHeaders().get(CallHome.RESPONSE_ID));
        int promised = req.requestHeaders().getInt(CallHome.INITIAL_CREDIT, 0);
        Map<String, String> params = QueryParams.parse(req.uri());
        return body(req) // read the body first: a lease taken for a rejected body would never be returned
                .flatMap(body -> Mono.fromFuture(() -> CallHome.answer(pool, caller, responseId, promised, handler,
                        new RpcRequest(endpoint, params, body), metrics)))
                .then(Mono.defer(() -> Mono.from(res.status(HttpResponseStatus.ACCEPTED).send())))
                .onErrorResume(BodyTooLargeException.class, e -> Mono.from(error(res,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage())))
                .onErrorResume(e -> Mono.from(error(res, HttpResponseStatus.BAD_GATEWAY, "cannot call home to "
                        + caller + ": " + e.getMessage())));
    }

    private static Publisher<Void> control(HttpServerRequest req, HttpServerResponse res,
                                           Map<String, HttpResponseStream> inFlight) {
        HttpResponseStream stream = inFlight.get(req.param("id"));
        if (stream == null) {
            return error(res, HttpResponseStatus.NOT_FOUND, "no request " + req.param("id") + " in flight");
        }
        switch (String.valueOf(req.param("action"))) {
            case "stop" -> stream.control().onStop();
            case "kill" -> {
                stream.control().onKill();
                stream.fail("killed by the caller");
            }
            default -> {
                return error(res, HttpResponseStatus.BAD_REQUEST, "unknown action " + req.param("action")
                        + " (expected: stop or kill)");
            }
        }
        return res.status(HttpResponseStatus.ACCEPTED).send();
    }

    /** The keep-alive interval the caller asked for ({@link HttpRpcClient#KEEPALIVE_HEADER}), kept within 20 ms to 60 s. */
    private static Duration keepAlive(HttpServerRequest req) {
        String asked = req.requestHeaders().get(HttpRpcClient.KEEPALIVE_HEADER);
        if (asked == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofMillis(Math.clamp(Long.parseLong(asked.trim()), MIN_KEEPALIVE_MILLIS, MAX_KEEPALIVE_MILLIS));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static Mono<byte[]> body(HttpServerRequest req) {
        return req.receive().asByteArray()
                .reduce(new ByteArrayOutputStream(), (acc, chunk) -> {
                    if (acc.size() + chunk.length > MAX_BODY_BYTES) {
                        throw new BodyTooLargeException("request body exceeds " + MAX_BODY_BYTES + " bytes");
                    }
                    acc.write(chunk, 0, chunk.length);
                    return acc;
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static Publisher<Void> error(HttpServerResponse res, HttpResponseStatus status, String message) {
        return res.status(status).header("Content-Type", "application/json")
                .sendString(Mono.just("{\"error\":\"" + ResponseEncoding.jsonEscape(message) + "\"}"),
                        StandardCharsets.UTF_8);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    /** Responses currently streaming. */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    /** The request body passed {@link #MAX_BODY_BYTES}. */
    private static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Query string to parameters. */
    static final class QueryParams {
        private QueryParams() {
        }

        static Map<String, String> parse(String uri) {
            Map<String, String> params = new HashMap<>();
            int q = uri.indexOf('?');
            if (q < 0) {
                return params;
            }
            for (String pair : uri.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return params;
        }
    }
}
