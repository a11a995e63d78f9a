package io.weir.transport.rpc.callhome;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.frame.ErrorCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller's side of call-home responses, shared by every request plane that answers over the TCP
 * response plane: a TCP response server workers dial back to, and the calls waiting for their streams.
 * Thread-safe.
 */
public final class CallHomeReceiver implements AutoCloseable {

    private final TcpServer responseServer;
    private final String advertisedAddress;
    private final EventLoopGroup group;
    private final TransportMetrics metrics;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;

    /** Starts the response server on {@code responseBind}; workers dial {@code advertisedHost} at its port. */
    public CallHomeReceiver(EventLoopGroup group, InetSocketAddress responseBind, String advertisedHost,
                            TcpSettings settings, TransportMetrics metrics) {
        this(group, responseBind, advertisedHost, settings, metrics, "");
    }

    /** Like the short form; response ids start with {@code idPrefix} (e.g. to make them unique per process). */
    public CallHomeReceiver(EventLoopGroup group, InetSocketAddress responseBind, String advertisedHost,
                            TcpSettings settings, TransportMetrics metrics, String idPrefix) {
        this.group = Objects.requireNonNull(group, "group");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.responseServer = TcpServer.start(group, responseBind, settings, this::accept, metrics);
        this.advertisedAddress = HostPort.format(new InetSocketAddress(advertisedHost, responseServer.port()));
    }

    /** Where workers send responses ({@code host:port}). */
    public String responseAddress() {
        return advertisedAddress;
    }

    /**
     * Registers a call whose response stream must arrive within {@code timeout}; otherwise the listener hears
     * a {@link TransportException} naming {@code target}. Send the request with {@link PendingCall#id()}.
     */
    public PendingCall expect(String target, ResponseListener listener, long initialCredit, Duration timeout) {
        return expect(listener, initialCredit, timeout,
                "no response stream from " + target + " within " + timeout.toMillis() + " ms");
    }

    /** Like the short form; the listener hears {@code timeoutMessage} when the stream does not arrive in time. */
    public PendingCall expect(ResponseListener listener, long initialCredit, Duration timeout, String timeoutMessage) {
        String id = idPrefix + ids.incrementAndGet();
        PendingCall call = new PendingCall(id, listener, initialCredit);
        pending.put(id, call);
        call.timeout = group.next().schedule(() -> {
            if (!call.done.get()) {
                metrics.error(TransportMetrics.ErrorType.TIMEOUT);
                call.fail(new TransportException(timeoutMessage));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return call;
    }

    /** Calls waiting for or reading their response stream. */
    public int pending() {
        return pending.size();
    }

    private StreamListener accept(TcpStream stream, ByteBuf body) {
        String id = stream.params().get(CallHome.RESPONSE_ID_PARAM);
        PendingCall call = id == null ? null : pending.get(id);
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
    }

    /** One call waiting for, then reading, its response stream. */
    public final class PendingCall implements Call, StreamListener {
        private final String id;
        private final ResponseListener listener;
        private final long initialCredit;
        private final CompletableFuture<TcpStream> stream = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private final long start = System.nanoTime();
        private volatile ScheduledFuture<?> timeout;

        PendingCall(String id, ResponseListener listener, long initialCredit) {
            this.id = id;
            this.listener = listener;
            this.initialCredit = initialCredit;
        }

        /** The response id the worker's stream must carry. */
        public String id() {
            return id;
        }

        /** The credit the caller grants when the stream arrives (capped to an int for the request header). */
        public long initialCredit() {
            return initialCredit;
        }

        void attach(TcpStream s) {
            cancelTimeout();
            if (initialCredit > 0) {
                s.request(Math.min(initialCredit, Integer.MAX_VALUE));
            }
            stream.complete(s);
        }

        /** Fails the call before or during its response (no-op once it finished). */
        public void fail(TransportException error) {
            if (done.compareAndSet(false, true)) {
                cleanup();
                stream.thenAccept(s -> s.cancel(false));
                listener.onError(error);
            }
        }

        private void cleanup() {
            pending.remove(id);
            cancelTimeout();
        }

        private void cancelTimeout() {
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
