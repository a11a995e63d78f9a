package io.weir.transport.rpc.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.weir.transport.TransportException;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.http.ResponseDecoder.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

/**
 * One HTTP call: parses the streamed body into records and requests them as the caller grants credit, plus
 * one spare for the end or error marker (a record arriving in it waits for the next credit). An unread
 * response therefore stops reading the socket, and a finished one is read to its end so the connection is reused.
 * It fails the call when the response does not start within its time, and, with a keep-alive interval, when no byte
 * arrived for {@code maxMissed} intervals while it waited for records (the server sends a keep-alive whenever it was
 * silent that long, so only a hung server stays quiet).
 */
final class HttpCall implements CoreSubscriber<Event>, Call {

    private static final int MAX_EVENT_BYTES = HttpRpcServer.MAX_BODY_BYTES;

    private final ResponseListener listener;
    private final long initialCredit;
    private final TransportMetrics metrics;
    private final Consumer<String> stop;
    private final Consumer<String> kill;
    private final AtomicBoolean done = new AtomicBoolean();
    private final long start = System.nanoTime();
    private final long keepAliveMillis;
    private final int maxMissed;
    private final long responseStartMillis;
    private final Disposable watchdog;
    private volatile long lastByteAt = start;
    private volatile boolean responded;
    private volatile String requestId;
    private volatile Subscription subscription;
    private long requestedEarly;
    private volatile boolean stopRequested;
    // Guarded by this: credit the caller granted, and at most one record that arrived beyond it.
    private long credit;
    private Event.Data held;

    HttpCall(ResponseListener listener, long initialCredit, TransportMetrics metrics, Consumer<String> stop,
             Consumer<String> kill, Duration keepAlive, int maxMissed, Duration responseStart) {
        this.listener = listener;
        this.initialCredit = initialCredit;
        this.metrics = metrics;
        this.stop = stop;
        this.kill = kill;
        this.keepAliveMillis = keepAlive.toMillis();
        this.maxMissed = maxMissed;
        this.responseStartMillis = responseStart.toMillis();
        long period = keepAliveMillis > 0 ? keepAliveMillis : Math.max(10, responseStartMillis / 5);
        this.watchdog = keepAliveMillis <= 0 && responseStartMillis <= 0 ? null
                : Schedulers.parallel().schedulePeriodically(this::checkAlive, period, period, TimeUnit.MILLISECONDS);
    }

    /** Fails the call when its response has not started in time, or stayed silent too long while the caller waits. */
    private void checkAlive() {
        if (done.get()) {
            watchdog.dispose();
            return;
        }
        long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastByteAt);
        if (!responded) {
            if (responseStartMillis > 0 && silent > responseStartMillis) {
                timedOut("no response from the server within " + silent + " ms (WEIR_HTTP_REQUEST_TIMEOUT)");
            }
            return;
        }
        if (keepAliveMillis <= 0) {
            watchdog.dispose();
            return;
        }
        boolean waiting;
        synchronized (this) {
            waiting = credit > 0 && held == null;
        }
        if (waiting && silent > keepAliveMillis * maxMissed) {
            timedOut("no byte from the server for " + silent + " ms (it sends a keep-alive every " + keepAliveMillis
                    + " ms when silent; hung?)");
        }
    }

    private void timedOut(String message) {
        metrics.error(TransportMetrics.ErrorType.CONNECTION);
        finish(new TransportException(message));
        cancelUpstream();
    }

    Publisher<Event> onResponse(HttpClientResponse response, ByteBufFlux body, StreamFormat format) {
        if (response.status().code() != HttpResponseStatus.OK.code() || format == null) {
            // an error body is read only so far (16 chunks): a misbehaving server cannot fill our memory
            return body.asString(StandardCharsets.UTF_8).take(16).collect(Collectors.joining()).defaultIfEmpty("")
                    .flatMap(text -> Mono.<Event>error(new RpcException(errorMessage(response, text))))
                    .flux();
        }
        requestId = response.responseHeaders().get(HttpRpcServer.REQUEST_ID);
        lastByteAt = System.nanoTime();
        responded = true;
        if (stopRequested) {
            stop.accept(requestId);
        }
        ResponseDecoder decoder = new ResponseDecoder(format, MAX_EVENT_BYTES);
        return body.concatMapIterable(chunk -> {
                    lastByteAt = System.nanoTime();
                    ArrayDeque<Event> events = new ArrayDeque<>();
                    decoder.decode(chunk, events);
                    return List.copyOf(events);
                }, 1)
                .doFinally(s -> decoder.release());
    }

    private static String errorMessage(HttpClientResponse response, String body) {
        int at = body.indexOf("\"error\":\"");
        if (at >= 0) {
            return body.substring(at + 9, body.lastIndexOf('"')).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return "HTTP " + response.status().code() + " " + body;
    }

    @Override
    public void onSubscribe(Subscription s) {
        long early;
        synchronized (this) {
            subscription = s;
            early = requestedEarly;
        }
        synchronized (this) {
            credit = Operators.addCap(initialCredit, early);
        }
        s.request(Operators.addCap(Operators.addCap(initialCredit, early), 1));
        if (done.get()) {
            s.cancel();
        }
    }

    @Override
    public void onNext(Event event) {
        switch (event) {
            case Event.Data data -> {
                synchronized (this) {
                    if (credit == 0) {
                        held = data; // arrived in the spare slot kept for the end marker
                        return;
                    }
                    if (credit != Long.MAX_VALUE) {
                        credit--;
                    }
                }
                listener.onRecord(data.record());
            }
            case Event.End end -> finish(null);
            case Event.Failure failure -> finish(new RpcException(failure.message()));
        }
    }

    @Override
    public void onComplete() {
        finish(new TransportException("response ended without an end marker (connection closed?)"));
    }

    @Override
    public void onError(Throwable error) {
        if (!(error instanceof RpcException)) {
            metrics.error(TransportMetrics.ErrorType.CONNECTION);
        }
        finish(error instanceof TransportException te ? te
                : new TransportException("HTTP call failed: " + error.getMessage(), error));
    }

    private void finish(TransportException error) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (watchdog != null) {
            watchdog.dispose();
        }
        if (error == null) {
            metrics.requestLatency().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            listener.onEnd();
        } else {
            if (error instanceof RpcException) {
                metrics.error(TransportMetrics.ErrorType.HANDLER);
            }
            listener.onError(error);
        }
    }

    private void cancelUpstream() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        }
        Subscription s;
        Event.Data release;
        synchronized (this) {
            s = subscription;
            if (s == null) {
                requestedEarly = Operators.addCap(requestedEarly, n);
                return;
            }
            credit = Operators.addCap(credit, n);
            release = held;
            held = null;
            if (release != null && credit != Long.MAX_VALUE) {
                credit--;
            }
        }
        if (release != null) {
            listener.onRecord(release.record());
        }
        s.request(n);
    }

    @Override
    public void stop() {
        String id = requestId;
        if (id != null) {
            stop.accept(id);
        } else {
            stopRequested = true;
        }
    }

    @Override
    public void kill() {
        if (done.compareAndSet(false, true)) {
            if (watchdog != null) {
                watchdog.dispose();
            }
            String id = requestId;
            if (id != null) {
                kill.accept(id);
            }
            cancelUpstream();
        }
    }
}
