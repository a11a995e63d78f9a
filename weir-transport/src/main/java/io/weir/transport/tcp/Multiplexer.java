package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.weir.transport.TransportException;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.metrics.TransportMetrics.ErrorType;
import io.weir.transport.tcp.frame.ErrorCode;
import io.weir.transport.tcp.frame.Frame;
import io.weir.transport.tcp.frame.FrameFormatException;
import io.weir.transport.tcp.frame.FrameWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps frames to streams on one connection: opens and accepts streams, enforces credits and the stream
 * limit; an {@link OutboundDrain} packs the streams' queued records into batched DATA frames. Owned by the channel's
 * event loop; only {@link #execute}, {@link #schedule} and {@link #open} are called from other threads.
 */
final class Multiplexer extends ChannelInboundHandlerAdapter {

    /** Credit one stream may have outstanding; also the bound of its send queue. */
    static final int MAX_OUTSTANDING_CREDITS = 1 << 30;

    private final TcpSettings settings;
    private final StreamAcceptor acceptor;
    private final TransportMetrics metrics;
    private final IntObjectHashMap<TcpStream> streams = new IntObjectHashMap<>();
    private final AtomicInteger nextStreamId;
    private final AtomicInteger streamCount = new AtomicInteger();
    private final Runnable flushTask = this::flushNow;
    private ChannelHandlerContext ctx;
    private OutboundDrain drain;
    private boolean flushPending;
    private TransportException closeCause;
    private volatile boolean draining;
    private volatile boolean peerDraining;

    Multiplexer(boolean client, TcpSettings settings, StreamAcceptor acceptor, TransportMetrics metrics) {
        this.settings = settings;
        this.acceptor = acceptor;
        this.metrics = metrics;
        this.nextStreamId = new AtomicInteger(client ? 1 : 2);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.drain = new OutboundDrain(ctx, this, new BatchWriter(ctx, settings.batchBytes()), metrics);
    }

    int maxRecordBytes() {
        return settings.maxFrameBytes() - Frame.HEADER_BYTES - 8;
    }

    int activeStreams() {
        return streamCount.get();
    }

    /** False once this side's stream ids are nearly used up (a pool then retires the connection). */
    boolean acceptsNewStreams() {
        return !goingAway() && hasStreamIdsLeft();
    }

    private boolean hasStreamIdsLeft() {
        int next = nextStreamId.get();
        return next > 0 && next < Integer.MAX_VALUE - 1_000_000;
    }

    void execute(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    void creditStall() {
        metrics.creditStall();
    }

    /** Opens a stream from any thread; limit and connection failures reach the listener. */
    TcpStream open(Map<String, String> params, ByteBuf body, boolean receiveOnly, int initialCredit,
                   StreamListener listener) {
        int id = nextStreamId.getAndAdd(2);
        TcpStream stream = new TcpStream(id, Map.copyOf(params), this);
        stream.listener = listener;
        stream.inboundCredits = initialCredit;
        if (receiveOnly) {
            stream.closeSendAtOpen();
        }
        execute(() -> {
            if (!ctx.channel().isActive()) {
                refuseOpen(stream, body, lost());
                return;
            }
            if (peerDraining) {
                refuseOpen(stream, body, new StreamException(ErrorCode.REFUSED_STREAM,
                        "peer is shutting down (GOING_AWAY); open the stream on another connection"));
                return;
            }
            if (id <= 0) {
                refuseOpen(stream, body, new StreamException(ErrorCode.REFUSED_STREAM,
                        "this connection has used all its stream ids; open a new connection"));
                return;
            }
            if (streams.size() >= settings.maxStreamsPerConnection()) {
                metrics.error(ErrorType.REFUSED);
                refuseOpen(stream, body, new StreamException(ErrorCode.REFUSED_STREAM, "connection already carries "
                        + streams.size() + " streams (maxStreamsPerConnection)"));
                return;
            }
            add(stream);
            ctx.write(new Frame.Open(stream.id(), stream.params(), body, receiveOnly, initialCredit));
            scheduleFlush();
            opened(stream);
        });
        return stream;
    }

    private void refuseOpen(TcpStream stream, ByteBuf body, TransportException error) {
        body.release();
        stream.removed = true;
        stream.abortSend(); // what the opener queued meanwhile goes nowhere
        stream.listener.onError(error);
    }

    /**
     * The stream's OPEN is out (or it was accepted): records, END or ERROR its owner queued before this moment,
     * which the drain has held back so they cannot overtake the OPEN, may go now.
     */
    private void opened(TcpStream stream) {
        stream.opened = true;
        if (!stream.outbound.isEmpty() && stream.scheduled.compareAndSet(false, true)) {
            drain.schedule(stream);
        }
    }

    /** Called by a producer whose stream just got its first queued item. */
    void schedule(TcpStream stream) {
        drain.schedule(stream);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (frame) {
                case Frame.Open open -> onOpen(open);
                case Frame.Data data -> onData(data);
                case Frame.Credit credit -> onCredit(credit);
                case Frame.End end -> onEnd(end);
                case Frame.Error error -> onError(error);
                case Frame.Cancel cancel -> onCancel(cancel);
                case Frame.Ping ping -> ctx.fireChannelRead(ping);
                case Frame.Pong pong -> ctx.fireChannelRead(pong);
            }
        } finally {
            if (!(frame instanceof Frame.Ping || frame instanceof Frame.Pong)) {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushNow();
        ctx.fireChannelReadComplete();
    }

    private void onOpen(Frame.Open open) {
        int id = open.streamId();
        if ((id & 1) == (nextStreamId.get() & 1) || streams.containsKey(id)) {
            closeWithError(ErrorCode.PROTOCOL, "OPEN with stream id " + id + " that this side owns or uses");
            return;
        }
        if (streams.size() >= settings.maxStreamsPerConnection()) {
            metrics.error(ErrorType.REFUSED);
            writeControl(new Frame.Error(id, ErrorCode.REFUSED_STREAM, "connection already carries "
                    + streams.size() + " streams (maxStreamsPerConnection)"));
            return;
        }
        if (draining) {
            metrics.error(ErrorType.REFUSED);
            writeControl(new Frame.Error(id, ErrorCode.REFUSED_STREAM, "peer is shutting down; open the stream"
                    + " on another connection"));
            return;
        }
        TcpStream stream = new TcpStream(id, open.params(), this);
        if (open.initialCredit() > 0) {
            stream.addCredits(open.initialCredit());
        }
        if (acceptor == null) {
            writeControl(new Frame.Error(id, ErrorCode.NOT_FOUND, "this peer accepts no streams"));
            return;
        }
        StreamListener listener;
        try {
            listener = acceptor.accept(stream, open.content());
        } catch (RuntimeException e) {
            ErrorCode code = e instanceof StreamException se ? se.code() : ErrorCode.HANDLER;
            metrics.error(code == ErrorCode.FORBIDDEN ? ErrorType.REFUSED : ErrorType.HANDLER);
            writeControl(new Frame.Error(id, code, String.valueOf(e.getMessage())));
            return;
        }
        stream.listener = listener;
        stream.remoteDone = open.end();
        add(stream);
        opened(stream);
    }

    private void onData(Frame.Data data) {
        TcpStream stream = streams.get(data.streamId());
        if (stream == null) {
            return; // raced with a local abort; the peer learns from our CANCEL
        }
        int count = data.recordCount();
        if (stream.remoteDone) {
            metrics.error(ErrorType.PROTOCOL);
            closeWithError(ErrorCode.PROTOCOL, "DATA on stream " + stream.id() + " after the peer ended it");
            return;
        }
        if (count > stream.inboundCredits) {
            metrics.error(ErrorType.PROTOCOL);
            closeWithError(ErrorCode.FLOW_CONTROL, "stream " + stream.id() + " received " + count
                    + " records with credit for " + stream.inboundCredits);
            return;
        }
        stream.inboundCredits -= count;
        metrics.recordsIn(count);
        ByteBuf records = data.content();
        ByteBuf record = records.duplicate(); // one view per frame, moved over each record: no garbage per record
        int at = records.readerIndex();
        for (int i = 0; i < count && !stream.removed; i++) {
            int length = records.getInt(at);
            record.setIndex(at + 4, at + 4 + length);
            at += 4 + length;
            try {
                stream.listener.onRecord(record);
            } catch (RuntimeException e) {
                listenerFailed(stream, e);
            }
        }
    }

    private void onCredit(Frame.Credit credit) {
        TcpStream stream = streams.get(credit.streamId());
        if (stream == null) {
            return;
        }
        if (stream.credits() + credit.credits() > MAX_OUTSTANDING_CREDITS) {
            metrics.error(ErrorType.PROTOCOL);
            closeWithError(ErrorCode.FLOW_CONTROL, "stream " + stream.id() + " was granted more than "
                    + MAX_OUTSTANDING_CREDITS + " outstanding credits");
            return;
        }
        if (stream.addCredits(credit.credits())) {
            stream.listener.onWritable();
        }
    }

    private void onEnd(Frame.End end) {
        TcpStream stream = streams.get(end.streamId());
        if (stream == null || stream.remoteDone) {
            return;
        }
        stream.remoteDone = true;
        stream.listener.onEnd();
        removeIfDone(stream);
    }

    private void onError(Frame.Error error) {
        if (error.streamId() == 0 && error.code() == ErrorCode.GOING_AWAY) {
            peerDraining = true; // open streams finish; new ones go elsewhere
            return;
        }
        if (error.streamId() == 0) {
            closeCause = new ConnectionLostException(error.code(), "peer closed the connection: " + error.message());
            ctx.close();
            return;
        }
        TcpStream stream = streams.get(error.streamId());
        if (stream != null) {
            remove(stream);
            stream.abortSend();
            stream.listener.onError(new StreamException(error.code(), error.message()));
        }
    }

    private void onCancel(Frame.Cancel cancel) {
        TcpStream stream = streams.get(cancel.streamId());
        if (stream == null) {
            return;
        }
        if (!cancel.graceful()) {
            remove(stream);
            stream.abortSend();
        }
        stream.listener.onCancel(cancel.graceful());
    }

    void grant(TcpStream stream, long n) {
        if (stream.removed || stream.remoteDone) {
            return;
        }
        long grant = Math.min(n, MAX_OUTSTANDING_CREDITS - stream.inboundCredits);
        if (grant > 0) {
            stream.inboundCredits += grant;
            writeControl(new Frame.Credit(stream.id(), (int) grant));
        }
    }

    void cancel(TcpStream stream, boolean graceful) {
        if (stream.removed) {
            return;
        }
        writeControl(new Frame.Cancel(stream.id(), graceful));
        if (!graceful) {
            remove(stream);
            stream.abortSend();
        }
    }

    private void listenerFailed(TcpStream stream, RuntimeException e) {
        metrics.error(ErrorType.HANDLER);
        writeControl(new Frame.Cancel(stream.id(), false));
        remove(stream);
        stream.abortSend();
        stream.listener.onError(new StreamException(ErrorCode.HANDLER, "stream listener failed: " + e));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        drain.resume();
        ctx.fireChannelWritabilityChanged();
    }

    /** The drain wrote a stream's END. */
    void sentEnd(TcpStream stream) {
        stream.localDone = true;
        removeIfDone(stream);
    }

    /** The drain wrote a stream's ERROR. */
    void sentError(TcpStream stream) {
        stream.localDone = true;
        remove(stream);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameFormatException bad) {
            metrics.error(ErrorType.PROTOCOL);
            closeWithError(bad.code(), bad.getMessage());
        } else if (cause instanceof HeartbeatTimeoutException timeout) {
            metrics.error(ErrorType.TIMEOUT);
            closeWithError(ErrorCode.TIMEOUT, timeout.getMessage());
        } else {
            metrics.error(ErrorType.CONNECTION);
            if (closeCause == null) {
                closeCause = new ConnectionLostException(ErrorCode.INTERNAL, "connection failed: "
                        + (cause instanceof IOException ? cause.getMessage() : cause.toString()));
            }
            ctx.close();
        }
    }

    /** Sends a connection-level ERROR, then closes; every stream learns of it through {@link #channelInactive}. */
    void closeWithError(ErrorCode code, String message) {
        if (closeCause != null) {
            return;
        }
        closeCause = new ConnectionLostException(code, message);
        ByteBuf out = ctx.alloc().buffer(64 + message.length() * 3);
        FrameWriter.write(new Frame.Error(0, code, message), out);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        TransportException cause = lost();
        List<TcpStream> open = new ArrayList<>(streams.values());
        for (TcpStream stream : open) {
            remove(stream);
            stream.abortSend();
        }
        for (TcpStream stream : open) {
            stream.listener.onError(cause);
        }
        drain.close();
        ctx.fireChannelInactive();
    }

    private TransportException lost() {
        return closeCause != null ? closeCause
                : new ConnectionLostException(ErrorCode.INTERNAL, "connection to " + ctx.channel().remoteAddress()
                        + " closed");
    }

    private void add(TcpStream stream) {
        streams.put(stream.id(), stream);
        streamCount.incrementAndGet();
        metrics.streamOpened();
    }

    private void removeIfDone(TcpStream stream) {
        if (stream.localDone && stream.remoteDone && !stream.removed) {
            remove(stream);
            try {
                stream.listener.onDone();
            } catch (RuntimeException e) {
                // the stream is gone already; nothing left to tell it
            }
        }
    }

    private void remove(TcpStream stream) {
        if (!stream.removed) {
            stream.removed = true;
            streams.remove(stream.id());
            streamCount.decrementAndGet();
            metrics.streamClosed();
            if (draining && streams.isEmpty()) {
                // after the running task: a drain in progress still has the last frames in its buffer
                ctx.executor().execute(this::closeIfDrained);
            }
        }
    }

    /** Starts a graceful shutdown: tells the peer GOING_AWAY, refuses new streams, closes when none is left. */
    void goAway(String reason) {
        execute(() -> {
            if (draining || !ctx.channel().isActive()) {
                return;
            }
            draining = true;
            closeCause = new ConnectionLostException(ErrorCode.GOING_AWAY, "connection closed after shutting down: "
                    + reason);
            ctx.writeAndFlush(new Frame.Error(0, ErrorCode.GOING_AWAY, reason));
            if (streams.isEmpty()) {
                closeIfDrained();
            }
        });
    }

    private void closeIfDrained() {
        if (streams.isEmpty() && ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** True after either side announced GOING_AWAY: no new streams belong here. */
    boolean goingAway() {
        return draining || peerDraining;
    }

    private void writeControl(Frame frame) {
        ctx.write(frame);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flushNow() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

}
