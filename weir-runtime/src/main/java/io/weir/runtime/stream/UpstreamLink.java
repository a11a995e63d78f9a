package io.weir.runtime.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.weir.runtime.connect.Endpoint;
import io.weir.runtime.connect.StageConnection;
import io.weir.transport.TransportException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpConnection;
import io.weir.transport.tcp.TcpStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscription of this worker to an upstream worker's output: its own TCP connection and stream. Records go to the
 * worker's {@link StageInput}; credit is returned as the stage consumes them, so at most a window is ever buffered.
 */
public final class UpstreamLink implements StageConnection, StreamListener {

    static final int WINDOW = 512;

    private final Endpoint endpoint;
    private final StageInput input;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicInteger consumed = new AtomicInteger();
    private volatile TcpConnection connection;
    private volatile TcpStream stream;
    private volatile boolean finishRequested;

    UpstreamLink(Endpoint endpoint, StageInput input) {
        this.endpoint = endpoint;
        this.input = input;
    }

    void attach(TcpConnection c, TcpStream s) {
        this.connection = c;
        this.stream = s;
        if (finishRequested) {
            s.cancel(true);
        }
        c.closeFuture().whenComplete((v, e) -> terminated.completeExceptionally(
                new IllegalStateException("connection to " + endpoint + " closed")));
    }

    /** Called as the stage takes one of this link's records: return credit in half-window steps. */
    void consumedOne() {
        if (consumed.incrementAndGet() >= WINDOW / 2) {
            int n = consumed.getAndSet(0);
            var s = stream;
            if (s != null && n > 0) {
                s.request(n);
            }
        }
    }

    /** Asks the upstream to send what it has queued and end the stream; {@link #terminated()} completes after that. */
    void finish() {
        finishRequested = true;
        var s = stream;
        if (s != null) {
            s.cancel(true);
        }
    }

    @Override
    public void onRecord(ByteBuf record) {
        input.offer(ByteBufUtil.getBytes(record), this);
    }

    @Override
    public void onEnd() {
        terminated.complete(null);
        close();
    }

    @Override
    public void onError(TransportException error) {
        terminated.completeExceptionally(error);
        close();
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public CompletionStage<Void> terminated() {
        return terminated;
    }

    @Override
    public void close() {
        var c = connection;
        if (c != null) {
            c.close();
        }
        terminated.complete(null);
    }

    @Override
    public String toString() {
        return "upstream " + endpoint;
    }
}
