package io.weir.transport.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

/**
 * Bounds the open connections of one HTTP server. At the limit, a new connection closes the oldest connection that has
 * not yet delivered a complete request head, so a flood of half-open connections cannot lock real clients out; when
 * every open connection has sent a request, the new one is closed at once. Thread-safe: connections arrive and close on
 * every event loop. Meters: {@code weir_http_connections_open}, {@code weir_http_connections_evicted_total},
 * {@code weir_http_connections_refused_total}, tagged with the server's name.
 */
public final class ConnectionGate {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGate.class);
    private static final String HANDLER = "weir.connectionGate";

    private final String server;
    private final int maxConnections;
    private final String setting;
    private final Counter evicted;
    private final Counter refused;
    private final Set<Channel> open = new HashSet<>();
    private final LinkedHashSet<Channel> waitingForRequest = new LinkedHashSet<>();
    private boolean atLimit;
    private long evictedAtLimit;
    private long refusedAtLimit;

    /**
     * @param server the server's name in logs and meter tags, e.g. {@code master}
     * @param setting the variable that sets the limit, named in the log line when the limit is reached
     */
    public ConnectionGate(String server, int maxConnections, String setting, MeterRegistry registry) {
        this.server = Objects.requireNonNull(server, "server");
        this.maxConnections = maxConnections;
        this.setting = Objects.requireNonNull(setting, "setting");
        Gauge.builder("weir.http.connections.open", this, ConnectionGate::openConnections).tag("server", server)
                .description("Open connections of an HTTP server").register(registry);
        evicted = Counter.builder("weir.http.connections.evicted").tag("server", server)
                .description("Connections closed before their first request to admit a new one at the limit").register(registry);
        refused = Counter.builder("weir.http.connections.refused").tag("server", server)
                .description("Connections closed on arrival because every open connection was serving a request").register(registry);
    }

    /** Admits {@code channel} or closes it; call while the channel is initialized, after its HTTP codec was added. */
    public void admit(Channel channel) {
        Channel victim = null;
        boolean admitted;
        synchronized (this) {
            if (open.size() >= maxConnections) {
                reachedLimit();
                victim = waitingForRequest.isEmpty() ? null : waitingForRequest.removeFirst();
                if (victim != null) {
                    open.remove(victim);
                    evictedAtLimit++;
                }
            }
            admitted = open.size() < maxConnections;
            if (admitted) {
                open.add(channel);
                waitingForRequest.add(channel);
            } else {
                refusedAtLimit++;
            }
        }
        if (victim != null) {
            evicted.increment();
            victim.close();
        }
        if (!admitted) {
            refused.increment();
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> closed(channel));
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new FirstRequest());
        } else {
            requestStarted(channel);
        }
    }

    /** Connections open now. */
    public synchronized int openConnections() {
        return open.size();
    }

    private void reachedLimit() {
        if (!atLimit) {
            atLimit = true;
            log.warn("HTTP server '{}' has {} connections open, its limit ({}): new connections now close the oldest one "
                    + "that has not sent a request yet, or are refused when every connection is serving one", server,
                    maxConnections, setting);
        }
    }

    private void closed(Channel channel) {
        long wasEvicted;
        long wasRefused;
        synchronized (this) {
            open.remove(channel);
            waitingForRequest.remove(channel);
            if (!atLimit || open.size() > maxConnections * 9L / 10) {
                return;
            }
            atLimit = false;
            wasEvicted = evictedAtLimit;
            wasRefused = refusedAtLimit;
            evictedAtLimit = 0;
            refusedAtLimit = 0;
        }
        log.info("HTTP server '{}' is below its connection limit again; while at the limit it closed {} connections that "
                + "had sent no request and refused {}", server, wasEvicted, wasRefused);
    }

    private synchronized void requestStarted(Channel channel) {
        waitingForRequest.remove(channel);
    }

    /**
     * Marks its connection as a client's once a complete request head arrives, then leaves the pipeline. A connection
     * closed before its first head (evicted, timed out, or left by the client) has nothing to answer: the decoder's
     * report of it is dropped here rather than logged as a warning once per connection of a flood.
     */
    private final class FirstRequest extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                if (request.decoderResult().cause() instanceof PrematureChannelClosureException) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                requestStarted(ctx.channel());
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
