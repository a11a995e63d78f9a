package io.weir.transport.rpc.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import io.weir.transport.rpc.RpcException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One HTTP response stream: the handler's records go through a bounded buffer into the response body,
 * which reactor-netty writes as the socket drains. A full buffer makes {@link #send} return false until
 * the body asks for more, then the handler hears {@link ControlHandler#onReady()}. Thread-safe.
 */
final class HttpResponseStream implements ResponseSink {

    private final Sinks.Many<byte[]> records;
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile ControlHandler control = ControlHandler.NONE;

    HttpResponseStream(int bufferRecords) {
        this.records = Sinks.many().unicast().onBackpressureBuffer(Queues.<byte[]>get(bufferRecords).get());
    }

    boolean finished() {
        return finished.get();
    }

    void control(ControlHandler control) {
        this.control = control;
    }

    ControlHandler control() {
        return control;
    }

    /**
     * The encoded body: records, then the end or error marker; cut off with an error after {@code timeout}; with a
     * positive {@code keepAlive}, a keep-alive whenever nothing was sent for that long.
     */
    Flux<ByteBuf> body(StreamFormat format, ByteBufAllocator alloc, Duration timeout, Duration keepAlive) {
        Flux<ByteBuf> body = body(format, alloc, timeout);
        if (keepAlive.isZero()) {
            return body;
        }
        long interval = keepAlive.toNanos();
        AtomicLong lastSent = new AtomicLong(System.nanoTime());
        Sinks.Empty<Void> ended = Sinks.empty();
        Flux<ByteBuf> ticks = Flux.interval(keepAlive, keepAlive)
                .onBackpressureDrop()
                .filter(t -> System.nanoTime() - lastSent.get() >= interval)
                .map(t -> ResponseEncoding.keepAlive(format))
                .takeUntilOther(ended.asMono());
        return Flux.merge(body.doFinally(s -> ended.tryEmitEmpty()), ticks)
                .doOnNext(b -> lastSent.set(System.nanoTime()));
    }

    private Flux<ByteBuf> body(StreamFormat format, ByteBufAllocator alloc, Duration timeout) {
        AtomicBoolean timedOut = new AtomicBoolean();
        return records.asFlux()
                .doOnRequest(n -> {
                    if (stalled.compareAndSet(true, false)) {
                        control.onReady();
                    }
                })
                .takeUntilOther(Mono.delay(timeout).doOnNext(t -> {
                    if (finished.compareAndSet(false, true)) {
                        timedOut.set(true);
                        control.onKill();
                    }
                }))
                .map(record -> ResponseEncoding.record(format, alloc, record))
                .concatWith(Mono.fromSupplier(() -> timedOut.get()
                        ? ResponseEncoding.error(format, alloc, "response exceeded " + timeout.toMillis()
                                + " ms (WEIR_HTTP_RESPONSE_TIMEOUT_SECS)")
                        : ResponseEncoding.end(format, alloc)))
                .onErrorResume(e -> Mono.just(ResponseEncoding.error(format, alloc, String.valueOf(e.getMessage()))));
    }

    @Override
    public boolean send(byte[] record) {
        for (;;) {
            Sinks.EmitResult result = records.tryEmitNext(record);
            if (result.isSuccess()) {
                return true;
            }
            if (result == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
                Thread.onSpinWait();
            } else {
                if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                    stalled.set(true);
                }
                return false;
            }
        }
    }

    @Override
    public void end() {
        if (finished.compareAndSet(false, true)) {
            while (records.tryEmitComplete() == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void fail(String message) {
        if (finished.compareAndSet(false, true)) {
            while (records.tryEmitError(new RpcException(message)) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
                Thread.onSpinWait();
            }
        }
    }
}
