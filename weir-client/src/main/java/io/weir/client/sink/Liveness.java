package io.weir.client.sink;

import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Operators;

/**
 * Whether one connection is alive, judged from what arrived when: until the worker answers, the connect timeout
 * applies; afterwards any bytes (records or pings) count as life, and silence longer than the silence timeout is
 * death, but only while the session is asking for data. While the consumer exerts backpressure nothing is read, so
 * nothing is judged, and the clock restarts when reading resumes.
 *
 * <p>Threads: the {@code on*} methods from the connection's event loop, {@link #check} from the session's thread.
 */
final class Liveness {

    /** The outcome of a check: alive until {@code nextCheckNanos}, or dead for {@code reason}. */
    record Verdict(boolean dead, FailureReason reason, long silenceNanos, long nextCheckNanos) {
    }

    private final long startedNanos;
    private final long connectTimeoutNanos;
    private final long silenceTimeoutNanos;
    private final AtomicLong outstanding = new AtomicLong();
    private volatile boolean answered;
    private volatile long answeredNanos;
    private volatile long lastBytesNanos;
    private volatile long resumedNanos;

    Liveness(long startedNanos, long connectTimeoutNanos, long silenceTimeoutNanos) {
        this.startedNanos = startedNanos;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.silenceTimeoutNanos = silenceTimeoutNanos;
        this.lastBytesNanos = startedNanos;
        this.resumedNanos = startedNanos;
    }

    /** The worker answered 200: streaming starts now. */
    void onAnswer(long now) {
        lastBytesNanos = now;
        answeredNanos = now;
        answered = true;
    }

    /** The session asked for {@code n} more chunks. */
    void onRequest(long n, long now) {
        if (outstanding.get() == 0) {
            resumedNanos = now;
        }
        outstanding.getAndAccumulate(n, Operators::addCap);
    }

    /** A chunk arrived. */
    void onBytes(long now) {
        lastBytesNanos = now;
        outstanding.getAndUpdate(v -> v == Long.MAX_VALUE || v == 0 ? v : v - 1);
    }

    boolean answered() {
        return answered;
    }

    /** Whether the stream has been up for at least one silence timeout: long enough to call the worker healthy. */
    boolean provenAt(long now) {
        return answered && now - answeredNanos >= silenceTimeoutNanos;
    }

    /** Nanoseconds since the last sign of life (the start, the answer or the last bytes). */
    long silenceNanos(long now) {
        return now - lastBytesNanos;
    }

    Verdict check(long now) {
        if (!answered) {
            long deadline = startedNanos + connectTimeoutNanos;
            return now >= deadline ? new Verdict(true, FailureReason.CONNECT_FAILED, now - startedNanos, 0)
                    : new Verdict(false, null, 0, deadline);
        }
        if (outstanding.get() == 0) {
            return new Verdict(false, null, 0, now + silenceTimeoutNanos);
        }
        long deadline = Math.max(lastBytesNanos, resumedNanos) + silenceTimeoutNanos;
        return now >= deadline ? new Verdict(true, FailureReason.HEARTBEAT_MISSED, now - lastBytesNanos, 0)
                : new Verdict(false, null, 0, deadline);
    }
}
