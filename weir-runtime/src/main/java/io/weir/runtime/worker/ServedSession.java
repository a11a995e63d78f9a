package io.weir.runtime.worker;

import io.weir.runtime.service.ServiceEnvelope;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseSink;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One running session: carries the handler's Flux to a {@link ResponseSink}, wrapping each response in its
 * {@link ServiceEnvelope}. It asks the Flux for at most {@link #PREFETCH} responses ahead of what the sink took; a
 * refused send waits for {@link #onReady()}. Kill and stop cancel the Flux; the deadline fails the response. One
 * drainer at a time (a work-in-progress counter), so sends never overlap.
 */
final class ServedSession extends BaseSubscriber<byte[]> implements ControlHandler {

    static final int PREFETCH = 32;

    private final String sessionId;
    private final ResponseSink sink;
    private final ServiceMetrics metrics;
    private final Consumer<ServedSession> onEnd;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Sinks.Empty<Void> cancelled = Sinks.empty();
    private volatile boolean done;
    private volatile Throwable error;
    private volatile boolean stopped;
    private volatile Disposable deadline;
    private long position;
    private volatile long sent;

    ServedSession(String sessionId, long position, ResponseSink sink, ServiceMetrics metrics, Consumer<ServedSession> onEnd) {
        this.sessionId = sessionId;
        this.position = position;
        this.sink = sink;
        this.metrics = metrics;
        this.onEnd = onEnd;
        metrics.started();
    }

    String sessionId() {
        return sessionId;
    }

    /** Completes when the session ends before the handler's Flux did (cancel, stop, deadline, worker stopping). */
    Mono<Void> cancelled() {
        return cancelled.asMono();
    }

    /** Fails the session with {@code DEADLINE_EXCEEDED} unless it ended within {@code budget}. */
    void deadline(Duration budget) {
        deadline = Schedulers.parallel().schedule(() -> fail("deadline", ServiceProtocol.DEADLINE_EXCEEDED
                + ": the session's deadline of " + budget.toMillis() + " ms passed after " + sent + " responses"),
                budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (finished.get()) {
            deadline.dispose();
        }
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(PREFETCH);
    }

    @Override
    protected void hookOnNext(byte[] value) {
        queue.offer(value);
        drain();
    }

    @Override
    protected void hookOnComplete() {
        done = true;
        drain();
    }

    @Override
    protected void hookOnError(Throwable throwable) {
        error = throwable;
        done = true;
        drain();
    }

    @Override
    public void onReady() {
        drain();
    }

    @Override
    public void onStop() {
        stopped = true;
        cancelled.tryEmitEmpty();
        cancel();
        done = true;
        drain();
    }

    @Override
    public void onKill() {
        finish("cancelled", null, false);
    }

    /** Ends the session at once, failing the response with {@code message}. */
    void fail(String outcome, String message) {
        finish(outcome, message, false);
    }

    /** Ends the session once: cancels the Flux and the deadline, then fails ({@code message}), ends, or goes silent. */
    private void finish(String outcome, String message, boolean end) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (!outcome.equals("completed")) {
            cancelled.tryEmitEmpty();
        }
        cancel();
        Disposable timer = deadline;
        if (timer != null) {
            timer.dispose();
        }
        queue.clear();
        if (message != null) {
            sink.fail(message);
        } else if (end) {
            sink.end();
        }
        metrics.ended(outcome);
        onEnd.accept(this);
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            long n = 0;
            while (!finished.get()) {
                byte[] next = queue.peek();
                if (next == null) {
                    break;
                }
                if (!sink.send(ServiceEnvelope.encode(position, next))) {
                    break;
                }
                queue.poll();
                position++;
                n++;
            }
            if (n > 0) {
                sent += n;
                metrics.responses(n);
            }
            if (done && queue.isEmpty() && !finished.get()) {
                Throwable failure = error;
                if (failure != null) {
                    finish("failed", ServiceProtocol.FAILED + ": " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()), false);
                } else {
                    finish(stopped ? "cancelled" : "completed", null, true);
                }
                return;
            }
            if (n > 0 && !done) {
                request(n);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
