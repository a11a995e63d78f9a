package io.weir.transport.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.weir.transport.tcp.frame.Frame;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a connection's liveness: every interval without inbound traffic sends a PING; after
 * {@code maxMissed} intervals in a row with a PING unanswered it raises {@link HeartbeatTimeoutException}.
 * Answers the peer's PINGs. Time comes from the event loop's scheduler, so tests drive it with
 * {@code EmbeddedChannel.advanceTimeBy}. Event loop only.
 */
final class Heartbeat extends ChannelInboundHandlerAdapter {

    private final long intervalMillis;
    private final int maxMissed;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> tick;
    private boolean readSinceTick;
    private boolean pingOutstanding;
    private int missed;
    private long pingSequence;

    Heartbeat(long intervalMillis, int maxMissed) {
        this.intervalMillis = intervalMillis;
        this.maxMissed = maxMissed;
    }

    /** Unanswered intervals so far; 0 on a healthy connection. */
    int missed() {
        return missed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readSinceTick = true;
        if (msg instanceof Frame.Ping ping) {
            ctx.write(new Frame.Pong(ping.payload()));
            ctx.flush();
        } else if (!(msg instanceof Frame.Pong)) {
            ctx.fireChannelRead(msg);
        }
    }

    private void start() {
        if (tick == null) {
            tick = ctx.executor().schedule(this::onTick, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void stop() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private void onTick() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (readSinceTick) {
            readSinceTick = false;
            pingOutstanding = false;
            missed = 0;
        } else {
            if (pingOutstanding && ++missed >= maxMissed) {
                ctx.fireExceptionCaught(new HeartbeatTimeoutException("peer " + ctx.channel().remoteAddress()
                        + " answered none of " + missed + " PINGs sent " + intervalMillis + " ms apart"));
                return;
            }
            pingOutstanding = true;
            ctx.writeAndFlush(new Frame.Ping(++pingSequence));
        }
        tick = ctx.executor().schedule(this::onTick, intervalMillis, TimeUnit.MILLISECONDS);
    }
}
