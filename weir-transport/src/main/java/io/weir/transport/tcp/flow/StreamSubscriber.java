package io.weir.transport.tcp.flow;

import io.netty.buffer.ByteBuf;
import io.weir.transport.TransportException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpStream;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a publisher's records on a stream: it requests from upstream exactly the credit the peer granted,
 * so {@code offer} never fails for lack of credit. Completion ends the stream, an error fails it, the
 * peer's cancel cancels upstream. Return it from a {@link io.weir.transport.tcp.StreamAcceptor} so it
 * hears about credit.
 */
public final class StreamSubscriber implements Flow.Subscriber<byte[]>, StreamListener {

    private final TcpStream stream;
    private final AtomicLong outstanding = new AtomicLong();
    private volatile Flow.Subscription upstream;

    /** A subscriber sending into {@code stream}; also return it as the stream's listener. */
    public StreamSubscriber(TcpStream stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        requestUpToCredit();
    }

    @Override
    public void onNext(byte[] record) {
        if (!stream.offer(record)) {
            upstream.cancel(); // the stream closed; the peer no longer takes records
            return;
        }
        if (outstanding.decrementAndGet() == 0) {
            requestUpToCredit();
        }
    }

    @Override
    public void onError(Throwable error) {
        stream.fail(String.valueOf(error.getMessage()));
    }

    @Override
    public void onComplete() {
        stream.end();
    }

    /** Asks upstream for all granted credit once the previous request is used up; one thread wins a race. */
    private void requestUpToCredit() {
        Flow.Subscription s = upstream;
        if (s == null || outstanding.get() != 0) {
            return;
        }
        long credit = stream.credits();
        if (credit > 0 && outstanding.compareAndSet(0, credit)) {
            s.request(credit);
        }
    }

    @Override
    public void onWritable() {
        requestUpToCredit();
    }

    @Override
    public void onCancel(boolean graceful) {
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        if (graceful) {
            stream.end();
        }
    }

    @Override
    public void onRecord(ByteBuf record) {
    }

    @Override
    public void onEnd() {
    }

    @Override
    public void onError(TransportException error) {
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }
}
