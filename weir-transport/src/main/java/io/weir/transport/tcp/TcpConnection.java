package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.weir.transport.tcp.frame.ErrorCode;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A multiplexed stream connection to one peer. Thread-safe: every call may come from any thread. */
public final class TcpConnection {

    private final Channel channel;
    private final Multiplexer mux;
    private final Heartbeat heartbeat;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    TcpConnection(Channel channel, Multiplexer mux, Heartbeat heartbeat) {
        this.channel = channel;
        this.mux = mux;
        this.heartbeat = heartbeat;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    /**
     * Opens a receive-only stream (a subscription) with {@code params}; only the peer sends records.
     * Failures (limit reached, connection lost) reach the listener.
     */
    public TcpStream open(Map<String, String> params, StreamListener listener) {
        return open(params, Unpooled.EMPTY_BUFFER, 0, listener);
    }

    /**
     * Opens a receive-only stream whose OPEN frame carries {@code body} (a request; the connection releases
     * it) and lets the peer send {@code initialCredit} records before any {@link TcpStream#request}.
     */
    public TcpStream open(Map<String, String> params, ByteBuf body, int initialCredit, StreamListener listener) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(listener, "listener");
        if (initialCredit < 0) {
            throw new IllegalArgumentException("initialCredit: " + initialCredit + " (expected: >= 0)");
        }
        return mux.open(params, body, true, initialCredit, listener);
    }

    /** Opens a stream on which both sides send records; this side ends its half with {@link TcpStream#end()}. */
    public TcpStream openDuplex(Map<String, String> params, StreamListener listener) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(listener, "listener");
        return mux.open(params, Unpooled.EMPTY_BUFFER, false, 0, listener);
    }

    /** Streams currently open on this connection. */
    public int activeStreams() {
        return mux.activeStreams();
    }

    /** True while the socket is open. */
    public boolean isActive() {
        return channel.isActive();
    }

    /**
     * True while the socket is open, the peer answers heartbeats, stream ids remain and neither side is
     * going away; checked before reuse.
     */
    public boolean isHealthy() {
        return channel.isActive() && heartbeat.missed() == 0 && mux.acceptsNewStreams();
    }

    /** True once either side announced it is shutting down (GOING_AWAY): open no new streams here. */
    public boolean isGoingAway() {
        return mux.goingAway();
    }

    /** The peer's address. */
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    Channel channel() {
        return channel;
    }

    /** The local address. */
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    /** Sends a connection ERROR with {@code reason} and closes; used when a server is full. */
    void refuse(String reason) {
        channel.eventLoop().execute(() -> mux.closeWithError(ErrorCode.REFUSED_STREAM, reason));
    }

    /**
     * Shuts down gracefully: the peer hears GOING_AWAY, new streams are refused, open ones finish, then the
     * connection closes. Returns the close future; pair it with a timeout and {@link #close()}.
     */
    public CompletableFuture<Void> goAway(String reason) {
        mux.goAway(Objects.requireNonNull(reason, "reason"));
        return closed.copy();
    }

    /**
     * Closes the connection after flushing what is already written to it (an ERROR a stream just sent reaches the peer;
     * nothing waits for the peer to read); every stream still open sees a {@link ConnectionLostException}.
     */
    public CompletableFuture<Void> close() {
        channel.eventLoop().execute(() -> {
            channel.flush();
            channel.close();
        });
        return closed.copy();
    }

    /** Completes when the connection has closed, for whatever reason. */
    public CompletableFuture<Void> closeFuture() {
        return closed.copy();
    }

    @Override
    public String toString() {
        return "TcpConnection(" + channel.localAddress() + " -> " + channel.remoteAddress() + ")";
    }
}
