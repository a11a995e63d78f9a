package io.weir.transport.tcp.flow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.weir.transport.TransportException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Subscribing opens a receive-only stream with the given parameters; {@code request(n)} grants the peer
 * {@code n} credits and {@code cancel()} aborts the stream. One subscriber per publisher. Signals arrive
 * on the connection's event loop.
 */
public final class StreamPublisher implements Flow.Publisher<byte[]> {

    private final TcpConnection connection;
    private final Map<String, String> params;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /** A publisher whose subscriber receives the stream opened on {@code connection} with {@code params}. */
    public StreamPublisher(TcpConnection connection, Map<String, String> params) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.params = Map.copyOf(params);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a StreamPublisher takes one subscriber"));
            return;
        }
        Relay relay = new Relay(subscriber);
        relay.stream = connection.open(params, relay);
        subscriber.onSubscribe(relay);
    }

    /** Passes stream events to the subscriber and its demand back as credit. */
    private static final class Relay implements StreamListener, Flow.Subscription {
        private final Flow.Subscriber<? super byte[]> subscriber;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile TcpStream stream;

        Relay(Flow.Subscriber<? super byte[]> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                stream.cancel(false);
                onError(new TransportException("request(" + n + ") violates Reactive Streams rule 3.9"));
                return;
            }
            stream.request(n);
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                stream.cancel(false);
            }
        }

        @Override
        public void onRecord(ByteBuf record) {
            if (!done.get()) {
                subscriber.onNext(ByteBufUtil.getBytes(record));
            }
        }

        @Override
        public void onEnd() {
            if (done.compareAndSet(false, true)) {
                subscriber.onComplete();
            }
        }

        @Override
        public void onError(TransportException error) {
            if (done.compareAndSet(false, true)) {
                subscriber.onError(error);
            }
        }
    }
}
