package io.weir.transport.rpc.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.netty.channel.EventLoopGroup;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.callhome.CallHome;
import io.weir.transport.rpc.callhome.CallHomeReceiver;
import io.weir.transport.tcp.TcpSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The NATS request plane with the TCP response plane (call-home): the request is published to a subject
 * (the service's, shared by its workers, or one worker's) with headers naming the endpoint, parameters,
 * request id, this caller's TCP response address, response id and initial credit; a worker acknowledges on
 * the reply subject and streams the response over a TCP stream it opens to this caller's response server.
 * Failures before the response starts (nobody subscribes to the subject, the worker refused the request or
 * could not reach this caller, the NATS server is unreachable, the request is too big) reach the listener as
 * an {@link RpcException} or {@link TransportException} with a sentence. Thread-safe.
 */
public final class NatsRpcClient implements RpcClient {

    private final NatsSettings settings;
    private final Connection connection;
    private final CallHomeReceiver receiver;
    private final TransportMetrics metrics;

    /**
     * Connects to {@code settings.url()} and starts the response server on {@code responseBind}; workers dial
     * {@code advertisedHost} at its port.
     */
    public NatsRpcClient(NatsSettings settings, EventLoopGroup group, InetSocketAddress responseBind,
                         String advertisedHost, TcpSettings tcp, TransportMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.receiver = new CallHomeReceiver(group, responseBind, advertisedHost, tcp, metrics, nonce + "-");
        try {
            this.connection = settings.connect("weir-caller-" + nonce);
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
    }

    /**
     * The target standing for {@code subject} in {@link #call(InetSocketAddress, RpcRequest, long, ResponseListener)}:
     * an unresolved address whose host is the subject.
     */
    public static InetSocketAddress target(String subject) {
        return InetSocketAddress.createUnresolved(subject, 0);
    }

    /** Where workers send responses ({@code host:port}). */
    public String responseAddress() {
        return receiver.responseAddress();
    }

    /** The NATS connection's state. */
    public Connection.Status status() {
        return connection.getStatus();
    }

    /** Sends to the subject {@code target}'s host stands for (see {@link #target(String)}). */
    @Override
    public Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener) {
        return call(target.getHostString(), request, initialCredit, listener);
    }

    /** Publishes {@code request} to {@code subject}; the response streams back over call-home. */
    public Call call(String subject, RpcRequest request, long initialCredit, ResponseListener listener) {
        metrics.request();
        // One deadline for the acknowledgment and the call-home stream (which the worker opens before acknowledging).
        CallHomeReceiver.PendingCall call = receiver.expect(listener, initialCredit, settings.requestTimeout(),
                timeoutMessage(subject));
        Headers headers = new Headers()
                .put(NatsHeaders.ENDPOINT, NatsHeaders.encode(request.endpoint()))
                .put(NatsHeaders.REQUEST_ID, call.id())
                .put(CallHome.RESPONSE_ADDRESS, receiver.responseAddress())
                .put(CallHome.RESPONSE_ID, call.id())
                .put(CallHome.INITIAL_CREDIT, Long.toString(Math.min(Math.max(initialCredit, 0), Integer.MAX_VALUE)));
        if (!request.params().isEmpty()) {
            headers.put(NatsHeaders.PARAMS, NatsHeaders.encodeParams(request.params()));
        }
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            metrics.error(TransportMetrics.ErrorType.CONNECTION);
            call.fail(new TransportException("cannot send " + request.endpoint() + " to NATS subject " + subject
                    + ": the NATS server at " + settings.url() + " is unreachable (connection "
                    + status.name().toLowerCase(java.util.Locale.ROOT) + ")"));
            return call;
        }
        long size = (long) request.body().length + headers.serializedLength();
        long max = connection.getMaxPayload();
        if (size > max) {
            metrics.error(TransportMetrics.ErrorType.REFUSED);
            call.fail(new RpcException("request to " + request.endpoint() + " is " + size + " bytes with headers,"
                    + " more than the NATS server's max_payload of " + max + " bytes"));
            return call;
        }
        Message message = NatsMessage.builder().subject(subject).headers(headers).data(request.body()).build();
        metrics.bytesOut(request.body().length);
        try {
            // jnats expires requests on a periodic sweep; the receiver's timer above is the precise deadline
            connection.requestWithTimeout(message, settings.requestTimeout().multipliedBy(2))
                    .whenComplete((ack, error) -> acknowledged(call, subject, ack, error));
        } catch (RuntimeException e) {
            metrics.error(TransportMetrics.ErrorType.CONNECTION);
            call.fail(new TransportException("cannot send " + request.endpoint() + " to NATS subject " + subject
                    + ": " + e.getMessage(), e));
        }
        return call;
    }

    private void acknowledged(CallHomeReceiver.PendingCall call, String subject, Message ack, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && ack != null && ack.isStatusMessage()) {
            if (ack.getStatus().getCode() == 503) {
                noResponder(call, subject);
            } else {
                metrics.error(TransportMetrics.ErrorType.PROTOCOL);
                call.fail(new TransportException("NATS answered the request to " + subject + " with status "
                        + ack.getStatus().getCode() + " " + ack.getStatus().getMessage()));
            }
        } else if (cause == null) {
            Headers headers = ack.getHeaders();
            if (headers != null && headers.getFirst(NatsHeaders.ERROR) != null) {
                byte[] data = ack.getData() == null ? new byte[0] : ack.getData();
                call.fail(new RpcException(new String(data, StandardCharsets.UTF_8)));
            }
            // else: accepted; the call-home stream carries the response
        } else if (cause instanceof JetStreamStatusException jse && jse.getStatus() != null
                && jse.getStatus().getCode() == 503) {
            noResponder(call, subject); // jnats reports 503 "no responders" this way (reportNoResponders)
        } else if (cause instanceof TimeoutException) {
            metrics.error(TransportMetrics.ErrorType.TIMEOUT);
            call.fail(new TransportException(timeoutMessage(subject)));
        } else {
            metrics.error(TransportMetrics.ErrorType.CONNECTION);
            call.fail(new TransportException("request to NATS subject " + subject + " failed: "
                    + cause.getMessage(), cause));
        }
    }

    private String timeoutMessage(String subject) {
        return "no acknowledgment and response stream from a worker on NATS subject " + subject + " within "
                + settings.requestTimeout().toMillis() + " ms (WEIR_NATS_REQUEST_TIMEOUT_MS)";
    }

    private void noResponder(CallHomeReceiver.PendingCall call, String subject) {
        metrics.error(TransportMetrics.ErrorType.REFUSED);
        call.fail(new RpcException("no worker listens on NATS subject " + subject + " (no responders)"));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            receiver.close();
        }
    }
}
