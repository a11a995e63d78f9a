package io.weir.transport.rpc.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.callhome.CallHome;
import io.weir.transport.rpc.callhome.CallHomeReceiver;
import io.weir.transport.rpc.callhome.HostPort;
import io.weir.transport.tcp.TcpSettings;
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
 * HTTP request plane with the TCP response plane (the seed's call-home): the request is a POST carrying
 * this caller's TCP response address and a response id; the worker answers 202 and streams the response
 * over a TCP stream it opens back to this caller's response server. Thread-safe.
 */
public final class CallHomeRpcClient implements RpcClient {

    private final CallHomeReceiver receiver;
    private final HttpClient http;
    private final ConnectionProvider connections;
    private final String rootPath;
    private final String scheme;
    private final Duration responseTimeout;
    private final TransportMetrics metrics;

    /**
     * Starts the response server on {@code responseBind}; workers dial {@code advertisedHost} at its port. With
     * {@code tls} on, requests go to {@code https://} ({@code settings} carry TLS for the response server).
     */
    public CallHomeRpcClient(EventLoopGroup group, InetSocketAddress responseBind, String advertisedHost,
                             TcpSettings settings, String rootPath, Duration responseTimeout, TlsConfig tls,
                             TransportMetrics metrics) {
        this.scheme = tls.scheme() + "://";
        this.rootPath = Objects.requireNonNull(rootPath, "rootPath");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.receiver = new CallHomeReceiver(group, responseBind, advertisedHost, settings, metrics);
        this.connections = ConnectionProvider.builder("weir-call-home").maxConnections(50).build();
        this.http = tls.applyTo(HttpClient.create(connections).keepAlive(true).runOn(group));
    }

    /** Where workers send responses ({@code host:port}). */
    public String responseAddress() {
        return receiver.responseAddress();
    }

    @Override
    public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
        metrics.request();
        CallHomeReceiver.PendingCall call = receiver.expect(target.toString(), listener, initialCredit,
                responseTimeout);
        http.headers(h -> h.set(CallHome.RESPONSE_ADDRESS, receiver.responseAddress())
                        .set(CallHome.RESPONSE_ID, call.id())
                        .set(CallHome.INITIAL_CREDIT, Long.toString(Math.min(initialCredit, Integer.MAX_VALUE))))
                .post().uri(scheme + HostPort.format(target) + rootPath + "/" + encode(request.endpoint())
                        + query(request.params()))
                .send(Mono.just(Unpooled.wrappedBuffer(request.body())))
                .response((response, body) -> body.asString(StandardCharsets.UTF_8).take(16) // bounded error body
                        .collect(Collectors.joining()).defaultIfEmpty("")
                        .map(text -> response.status().code() == HttpResponseStatus.ACCEPTED.code() ? ""
                                : errorMessage(response.status().code(), text)))
                .next()
                .subscribe(error -> {
                    if (!error.isEmpty()) {
                        call.fail(new RpcException(error));
                    }
                }, error -> call.fail(new TransportException("cannot send request to " + target + ": "
                        + error.getMessage(), error)));
        return call;
    }

    @Override
    public void close() {
        receiver.close();
        connections.disposeLater().block();
    }

    private static String errorMessage(int status, String body) {
        int at = body.indexOf("\"error\":\"");
        return at >= 0 ? body.substring(at + 9, body.lastIndexOf('"')).replace("\\\"", "\"")
                : "HTTP " + status + " " + body;
    }

    private static String query(Map<String, String> params) {
        return params.isEmpty() ? "" : params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
