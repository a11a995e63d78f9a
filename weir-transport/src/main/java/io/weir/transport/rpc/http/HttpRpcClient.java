package io.weir.transport.rpc.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends requests as {@code POST {root}/{endpoint}} on pooled keep-alive HTTP/1.1 connections and parses
 * the streamed response by its content type. Thread-safe.
 */
public final class HttpRpcClient implements RpcClient {

    private final HttpClient client;
    private final ConnectionProvider connections;
    private final String rootPath;
    private final String scheme;
    private final TransportMetrics metrics;
    private final Duration streamKeepAlive;
    private final int maxMissed;
    private final Duration responseStart;

    /** Request header: the caller wants a keep-alive after this many milliseconds of silence on the response. */
    public static final String KEEPALIVE_HEADER = "X-Weir-Keepalive-Millis";

    /** A client with its own pool of at most {@code maxPerTarget} keep-alive connections per server. */
    public HttpRpcClient(String rootPath, int maxPerTarget, TransportMetrics metrics) {
        this(rootPath, maxPerTarget, true, metrics);
    }

    /** A client that reuses connections only when {@code keepAlive}; otherwise each call dials anew. */
    public HttpRpcClient(String rootPath, int maxPerTarget, boolean keepAlive, TransportMetrics metrics) {
        this(rootPath, maxPerTarget, keepAlive, null, metrics);
    }

    /** Like the others, running on {@code group} when given, else on reactor-netty's shared default loops. */
    public HttpRpcClient(String rootPath, int maxPerTarget, boolean keepAlive, EventLoopGroup group,
                         TransportMetrics metrics) {
        this(rootPath, maxPerTarget, keepAlive, group, Duration.ZERO, 1, Duration.ZERO, TlsConfig.disabled(), metrics);
    }

    /**
     * The full form: with a positive {@code streamKeepAlive} each call asks the server for a keep-alive after that much
     * silence ({@value #KEEPALIVE_HEADER}) and fails when {@code maxMissed} intervals pass without a byte while it waits;
     * a positive {@code responseStart} fails a call whose response has not started by then. With {@code tls} on, calls
     * go to {@code https://}, trusting its CA and presenting its certificate.
     */
    public HttpRpcClient(String rootPath, int maxPerTarget, boolean keepAlive, EventLoopGroup group,
                         Duration streamKeepAlive, int maxMissed, Duration responseStart, TlsConfig tls,
                         TransportMetrics metrics) {
        this.scheme = tls.scheme() + "://";
        this.responseStart = Objects.requireNonNull(responseStart, "responseStart");
        this.streamKeepAlive = Objects.requireNonNull(streamKeepAlive, "streamKeepAlive");
        this.maxMissed = maxMissed;
        this.rootPath = Objects.requireNonNull(rootPath, "rootPath");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.connections = ConnectionProvider.builder("weir-http-rpc").maxConnections(maxPerTarget)
                .pendingAcquireMaxCount(10_000).build();
        HttpClient base = tls.applyTo(HttpClient.create(connections).keepAlive(keepAlive));
        HttpClient running = group == null ? base : base.runOn(group);
        this.client = streamKeepAlive.isZero() ? running
                : running.headers(h -> h.set(KEEPALIVE_HEADER, streamKeepAlive.toMillis()));
    }

    @Override
    public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
        metrics.request();
        String uri = scheme + target.getHostString() + ":" + target.getPort() + rootPath + "/"
                + encode(request.endpoint()) + query(request.params());
        HttpCall call = new HttpCall(listener, initialCredit, metrics,
                id -> control(target, id, "stop"), id -> control(target, id, "kill"), streamKeepAlive, maxMissed, responseStart);
        client.post().uri(uri)
                .send(Mono.just(Unpooled.wrappedBuffer(request.body())))
                .response((response, body) -> call.onResponse(response, body, formatOf(response.responseHeaders()
                        .get("Content-Type"))))
                .subscribe(call);
        return call;
    }

    private void control(InetSocketAddress target, String id, String action) {
        client.post().uri(scheme + target.getHostString() + ":" + target.getPort() + rootPath + "/_control/"
                        + id + "/" + action)
                .send(Mono.empty()).responseSingle((r, b) -> b.then(Mono.just(r.status().code())))
                .subscribe(status -> { }, error -> metrics.error(TransportMetrics.ErrorType.CONNECTION));
    }

    static StreamFormat formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (StreamFormat format : StreamFormat.values()) {
            if (contentType.startsWith(format.contentType())) {
                return format;
            }
        }
        return null;
    }

    private static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        connections.disposeLater().block();
    }

}
