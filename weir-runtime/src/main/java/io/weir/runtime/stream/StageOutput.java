package io.weir.runtime.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.weir.runtime.route.KeyHashes;
import io.weir.runtime.route.KeyedRouter;
import io.weir.runtime.route.Route;
import io.weir.runtime.route.ScalarRouter;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpServer;
import io.weir.transport.tcp.TcpSettings;
import io.weir.transport.tls.TlsConfig;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.metrics.TransportMetrics;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Serves a worker's output to the next stage's workers, which subscribe to it over the TCP stream protocol. Records are
 * pulled from the stage only while some subscriber has credit, so a slow consumer slows this worker instead of
 * growing a buffer (at most one requested batch waits here). A keyed next stage gets each record on the one
 * subscription its key maps to (consistent hash over worker indexes, then a fixed subscription per key, so per-key
 * order holds); a scalar one on the least-loaded subscription with credit.
 */
public final class StageOutput extends BaseSubscriber<byte[]> implements AutoCloseable {

    private static final int BATCH = 256;

    private final TcpServer server;
    private final List<DownstreamStream> streams = new CopyOnWriteArrayList<>();
    private final Function<byte[], String> keyOf;
    private final KeyedRouter<DownstreamStream> keyed;
    private final ScalarRouter<DownstreamStream> scalar = new ScalarRouter<>();
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> parked = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private long outstanding;
    private boolean completed;

    /** Binds {@code port} (0: any). {@code keyOf} is null when the next stage is scalar. */
    public StageOutput(EventLoopGroup group, String host, int port, Function<byte[], String> keyOf, TransportMetrics metrics) {
        this(group, host, port, keyOf, metrics, TlsConfig.disabled());
    }

    /** As above, serving TLS when {@code tls} is enabled. */
    public StageOutput(EventLoopGroup group, String host, int port, Function<byte[], String> keyOf, TransportMetrics metrics,
                       TlsConfig tls) {
        this.keyOf = keyOf;
        this.keyed = keyOf == null ? null : new KeyedRouter<>(1);
        this.server = TcpServer.start(group, new InetSocketAddress(host, port), tls.applyTo(TcpSettings.DEFAULTS), this::accept, metrics);
    }

    public int port() {
        return server.port();
    }

    /** The next stage's target size, from discovery: keys map over that many worker indexes. */
    public void nextStageSize(int numWorkers) {
        if (keyed != null && numWorkers > 0 && numWorkers != keyed.numWorkers()) {
            keyed.resize(numWorkers);
            CompletableFuture.runAsync(this::writable);
        }
    }

    private StreamListener accept(TcpStream stream, ByteBuf body) {
        int index = StreamParams.intParam(stream.params(), StreamParams.WORKER_INDEX);
        var d = new DownstreamStream(stream, index, this);
        streams.add(d);
        if (keyed != null) {
            keyed.add(d);
        } else {
            scalar.add(d);
        }
        subscribed.complete(null);
        CompletableFuture.runAsync(this::writable);
        return d;
    }

    /** Completes when the next stage first subscribes: until then this worker has nowhere to send records. */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    void removed(DownstreamStream d) {
        unroute(d);
        writable();
    }

    /**
     * The subscriber asked to stop (it is draining): no record is routed to it any more, and its END follows what was
     * already offered. Under the routing lock, so an offer racing with the END cannot land after it and be lost.
     */
    void cancelled(DownstreamStream d) {
        synchronized (lock) {
            unroute(d);
            d.end();
        }
        writable();
    }

    private void unroute(DownstreamStream d) {
        streams.remove(d);
        if (keyed != null) {
            keyed.remove(d);
        } else {
            scalar.remove(d);
        }
    }

    /** Completes once the stage has completed and every record went out and every subscriber has let go. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        writable();
    }

    @Override
    protected void hookOnNext(byte[] record) {
        synchronized (lock) {
            outstanding--;
            if (!parked.isEmpty() || !route(record)) {
                parked.addLast(record);
            }
        }
        // also when parked: the outlet that refused it may have closed after the last wake-up, so retry now
        writable();
    }

    @Override
    protected void hookOnComplete() {
        synchronized (lock) {
            completed = true;
        }
        writable();
    }

    /** Some subscriber may have credit again: deliver the parked records in order, then ask the stage for more. */
    void writable() {
        long ask = 0;
        synchronized (lock) {
            while (!parked.isEmpty() && route(parked.peekFirst())) {
                parked.pollFirst();
            }
            if (parked.isEmpty() && completed) {
                streams.forEach(DownstreamStream::end);
                if (streams.isEmpty()) {
                    drained.complete(null);
                }
            }
            if (parked.isEmpty() && !completed && outstanding < BATCH / 2 && hasCredit()) {
                ask = BATCH - outstanding;
                outstanding = BATCH;
            }
        }
        if (ask > 0) {
            request(ask);
        }
    }

    private boolean hasCredit() {
        for (var s : streams) {
            if (s.credit() > 0) {
                return true;
            }
        }
        return false;
    }

    private boolean route(byte[] record) {
        Route<DownstreamStream> route = keyed != null ? keyed.route(KeyHashes.ofString(keyOf.apply(record))) : scalar.route();
        return route.isRouted() && route.outlet().offer(record);
    }

    @Override
    public void close() {
        dispose();
        server.close();
    }
}
