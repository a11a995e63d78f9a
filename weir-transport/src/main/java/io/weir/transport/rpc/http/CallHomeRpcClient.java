package io.weir.transport.rpc.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.frame.ErrorCode;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

    private final TcpServer responseServer;
    private final String advertisedAddress;
    private final HttpClient http;
    private final ConnectionProvider connections;
    private final String rootPath;
    private final Duration responseTimeout;
    private final EventLoopGroup group;
    private final TransportMetrics metrics;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Starts the response server on {@code responseBind}; workers dial {@code advertisedHost} at its port. */
    public CallHomeRpcClient(EventLoopGroup group, InetSocketAddress responseBind, String advertisedHost,
                             TcpSettings settings, String rootPath, Duration responseTimeout,
                             TransportMetrics metrics) {
        this.group = Objects.requireNonNull(group, "group");
        this.rootPath = Objects.requireNonNull(rootPath, "rootPath");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.responseServer = TcpServer.start(group, responseBind, settings, this::accept, metrics);
        this.advertisedAddress = HostPort.format(new InetSocketAddress(advertisedHost, responseServer.port()));
        this.connections = ConnectionProvider.builder("weir-call-home").maxConnections(50).build();
        this.http = HttpClient.create(connections).keepAlive(true).runOn(group);
    }

    /** Where workers send responses ({@code host:port}). */
    public String responseAddress() {
        return advertisedAddress;
    }

    @Override
    public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
        metrics.request();
        String id = Long.toString(ids.incrementAndGet());
        Pending call = new Pending(id, listener, initialCredit);
        pending.put(id, call);
        ScheduledFuture<?> timeout = group.next().schedule(() -> call.fail(new TransportException(
                "no response stream from " + target + " within " + responseTimeout.toMillis() + " ms")),
                responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        call.timeout = timeout;
        http.headers(h -> h.set(CallHome.RESPONSE_ADDRESS, advertisedAddress).set(CallHome.RESPONSE_ID, id)
                        .set(CallHome.INITIAL_CREDIT, Long.toString(Math.min(initialCredit, Integer.MAX_VALUE))))
                .post().uri("http://" + HostPort.format(target) + rootPath + "/" + encode(request.endpoint())
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

    private StreamListener accept(TcpStream stream, ByteBuf body) {
        String id = stream.params().get(CallHome.RESPONSE_ID_PARAM);
        Pending call = id == null ? null : pending.get(id);
        if (call == null) {
            throw new StreamException(ErrorCode.NOT_FOUND, "no caller waits for response " + id);
        }
        stream.end(); // the caller sends nothing on a response stream
        call.attach(stream);
        return call;
    }

    @Override
    public void close() {
        responseServer.close();
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

    /** One call waiting for, then reading, its response stream. */
    private final class Pending implements Call, StreamListener {
        private final String id;
        private final ResponseListener listener;
        private final long initialCredit;
        private final CompletableFuture<TcpStream> stream = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final long start = System.nanoTime();
        volatile ScheduledFuture<?> timeout;

        Pending(String id, ResponseListener listener, long initialCredit) {
            this.id = id;
            this.listener = listener;
            this.initialCredit = initialCredit;
        }

        void attach(TcpStream s) {
            timeout.cancel(false);
            if (initialCredit > 0) {
                s.request(Math.min(initialCredit, Integer.MAX_VALUE));
            }
            stream.complete(s);
        }

        void fail(TransportException error) {
            if (done.compareAndSet(false, true)) {
                cleanup();
                stream.thenAccept(s -> s.cancel(false));
                listener.onError(error);
            }
        }

        private void cleanup() {
            pending.remove(id);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }

        @Override
        public void request(long n) {
            stream.thenAccept(s -> s.request(n));
        }

        @Override
        public void stop() {
            stream.thenAccept(s -> s.cancel(true));
        }

        @Override
        public void kill() {
            if (done.compareAndSet(false, true)) {
                cleanup();
                stream.thenAccept(s -> s.cancel(false));
            }
        }

        @Override
        public void onRecord(ByteBuf record) {
            if (!done.get()) {
                listener.onRecord(ByteBufUtil.getBytes(record));
            }
        }

        @Override
        public void onEnd() {
            if (done.compareAndSet(false, true)) {
                cleanup();
                metrics.requestLatency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                listener.onEnd();
            }
        }

        @Override
        public void onError(TransportException error) {
            boolean handler = error instanceof StreamException se
                    && (se.code() == ErrorCode.HANDLER || se.code() == ErrorCode.NOT_FOUND);
            fail(handler ? new RpcException(error.getMessage()) : error);
        }
    }
}
