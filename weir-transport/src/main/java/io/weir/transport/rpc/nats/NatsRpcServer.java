package io.weir.transport.rpc.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.callhome.CallHome;
import io.weir.transport.rpc.callhome.HostPort;
import io.weir.transport.tcp.pool.TcpConnectionPool;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS request plane's worker side: subscribes to the service subject ({@code prefix.service}, queue
 * group = the service, so the service's workers share its requests) and to this worker's own subject
 * ({@code prefix.service.worker.id}). Each request names its endpoint and the caller's TCP response
 * address in headers; the worker opens the call-home stream to the caller, starts the handler, then
 * acknowledges on the request's reply subject (or answers {@code X-Weir-Error} when it cannot serve it).
 * Thread-safe; {@link #close()} unsubscribes and closes the NATS connection.
 */
public final class NatsRpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsRpcServer.class);

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final Map<String, RpcHandler> handlers;
    private final TcpConnectionPool callHomePool;
    private final TransportMetrics metrics;
    private final NatsSettings settings;
    private final String workerId;

    private NatsRpcServer(NatsSettings settings, String workerId, Map<String, RpcHandler> handlers,
                          TcpConnectionPool callHomePool, TransportMetrics metrics) {
        this.settings = settings;
        this.workerId = workerId;
        this.handlers = Map.copyOf(handlers);
        this.callHomePool = Objects.requireNonNull(callHomePool, "callHomePool");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.connection = settings.connect("weir-worker-" + settings.service() + "-" + workerId);
        this.dispatcher = connection.createDispatcher(this::onRequest);
        dispatcher.subscribe(settings.serviceSubject(), settings.service());
        dispatcher.subscribe(settings.workerSubject(workerId));
        try {
            connection.flush(settings.requestTimeout()); // subscribed on the server before start returns
        } catch (Exception e) {
            connection.closeDispatcher(dispatcher);
            closeQuietly();
            throw new io.weir.transport.TransportException("NATS server at " + settings.url()
                    + " did not confirm the subscriptions: " + e.getMessage(), e);
        }
    }

    /**
     * Connects to {@code settings.url()} and serves {@code handlers} for {@code settings.service()}, answering
     * through streams opened by {@code callHomePool}; a random worker id.
     */
    public static NatsRpcServer start(NatsSettings settings, Map<String, RpcHandler> handlers,
                                      TcpConnectionPool callHomePool, TransportMetrics metrics) {
        return start(settings, UUID.randomUUID().toString().replace("-", "").substring(0, 12), handlers,
                callHomePool, metrics);
    }

    /** Like the short form with the given worker id (one subject token). */
    public static NatsRpcServer start(NatsSettings settings, String workerId, Map<String, RpcHandler> handlers,
                                      TcpConnectionPool callHomePool, TransportMetrics metrics) {
        Objects.requireNonNull(settings, "settings");
        if (!NatsSettings.validToken(workerId)) {
            throw new IllegalArgumentException("workerId: " + workerId + " (expected: letters, digits, - and _)");
        }
        return new NatsRpcServer(settings, workerId, handlers, callHomePool, metrics);
    }

    /** The subject the service's workers share. */
    public String serviceSubject() {
        return settings.serviceSubject();
    }

    /** The subject only this worker listens on. */
    public String workerSubject() {
        return settings.workerSubject(workerId);
    }

    /** This worker's id. */
    public String workerId() {
        return workerId;
    }

    private void onRequest(Message message) {
        metrics.request();
        String replyTo = message.getReplyTo();
        Headers headers = message.getHeaders();
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        metrics.bytesIn(body.length);
        if (headers == null || headers.getFirst(NatsHeaders.ENDPOINT) == null) {
            refuse(replyTo, "not a Weir request: the " + NatsHeaders.ENDPOINT + " header is missing");
            return;
        }
        String endpoint = URLDecoder.decode(headers.getFirst(NatsHeaders.ENDPOINT), StandardCharsets.UTF_8);
        RpcHandler handler = handlers.get(endpoint);
        if (handler == null) {
            refuse(replyTo, "no handler for endpoint '" + endpoint + "' (serving: "
                    + String.join(", ", new TreeSet<>(handlers.keySet())) + ")");
            return;
        }
        InetSocketAddress caller;
        try {
            caller = HostPort.parse(headers.getFirst(CallHome.RESPONSE_ADDRESS));
        } catch (IllegalArgumentException e) {
            refuse(replyTo, CallHome.RESPONSE_ADDRESS + ": " + e.getMessage());
            return;
        }
        String responseId = String.valueOf(headers.getFirst(CallHome.RESPONSE_ID));
        int promised;
        try {
            promised = Integer.parseInt(String.valueOf(headers.getFirst(CallHome.INITIAL_CREDIT)));
        } catch (NumberFormatException e) {
            promised = 0;
        }
        RpcRequest request = new RpcRequest(endpoint, NatsHeaders.decodeParams(headers.getFirst(NatsHeaders.PARAMS)),
                body);
        CallHome.answer(callHomePool, caller, responseId, promised, handler, request, metrics)
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        reply(replyTo, null);
                    } else {
                        metrics.error(TransportMetrics.ErrorType.CONNECTION);
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        reply(replyTo, "cannot call home to " + HostPort.format(caller) + ": " + cause.getMessage());
                    }
                });
    }

    private void refuse(String replyTo, String error) {
        metrics.error(TransportMetrics.ErrorType.REFUSED);
        reply(replyTo, error);
    }

    /** Acknowledges ({@code error == null}) or refuses the request; the error travels UTF-8 in the body. */
    private void reply(String replyTo, String error) {
        if (replyTo == null) {
            return; // a plain publish: nobody waits for the acknowledgment
        }
        try {
            if (error == null) {
                connection.publish(replyTo, new byte[0]);
            } else {
                connection.publish(replyTo, new Headers().put(NatsHeaders.ERROR, "true"),
                        error.getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot acknowledge on {}: {}", replyTo, e.getMessage());
        }
    }

    /** The NATS connection's state (for tests and health checks). */
    public Connection.Status status() {
        return connection.getStatus();
    }

    @Override
    public void close() {
        try {
            connection.closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            LOG.debug("closing the dispatcher failed", e);
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
