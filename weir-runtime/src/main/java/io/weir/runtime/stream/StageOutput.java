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
import io.weir.core.model.WorkerAssignments;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * Serves a worker's output to the next stage's workers, which subscribe to it over the TCP stream protocol. Records are
 * pulled from the stage only while some subscriber has credit, so a slow consumer slows this worker instead of
 * growing a buffer (at most one requested batch waits here). A keyed next stage gets each record on the one
 * subscription its key maps to (consistent hash over worker indexes, then a fixed subscription per key, so per-key
 * order holds); a scalar one on the least-loaded subscription with credit.
 *
 * <p>Only subscribers its {@link SubscriberAdmission} admits are served (an OPEN whose worker index or number discovery
 * has not confirmed waits, unrouted, for {@link #HOLD} in case discovery is behind; at most {@link #MAX_HELD} wait),
 * and at most one stream per worker index and slot, whichever worker number opened it: a newer OPEN for the same index and slot replaces the older stream (ended after what it was offered), so a
 * subscriber that reconnects after a failure is served at once even before this side noticed the old connection die.
 * A scalar next stage never waits for a subscriber without credit; a keyed one waits for the subscription its next
 * record's key maps to, so a subscription that leaves that record waiting without granting credit for
 * {@code creditTimeout} is failed and unrouted, and its keys go to the index's other subscriptions.
 */
public final class StageOutput extends BaseSubscriber<byte[]> implements AutoCloseable {

    /** A worker index and slot of the next stage: at most one stream serves each. */
    private record Slot(int workerIndex, int slot) {
        static Slot of(DownstreamStream d) {
            return new Slot(d.subscriber().workerIndex(), d.subscriber().slot());
        }
    }

    /** Streams one subscriber may keep open to this output, one per slot. */
    public static final int SLOTS = 2;

    private static final Logger log = LoggerFactory.getLogger(StageOutput.class);
    private static final int BATCH = 256;
    /** How long an OPEN whose worker index or number discovery has not confirmed (yet) waits for it. */
    static final Duration HOLD = Duration.ofSeconds(5);
    /** OPENs held for discovery at most; more are refused at once. */
    static final int MAX_HELD = 64;

    private final TcpServer server;
    private final List<DownstreamStream> streams = new CopyOnWriteArrayList<>();
    private final Function<byte[], String> keyOf;
    private final KeyedRouter<DownstreamStream> keyed;
    private final ScalarRouter<DownstreamStream> scalar = new ScalarRouter<>();
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> parked = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final Map<Slot, DownstreamStream> bySlot = new HashMap<>();
    private final List<DownstreamStream> held = new ArrayList<>();
    private final SubscriberAdmission admission;
    private final EventLoopGroup group;
    private final long creditTimeoutNanos;
    private final ScheduledFuture<?> stallCheck;
    private long outstanding;
    private boolean completed;
    private byte[] stalledHead;
    private DownstreamStream stalledOn;
    private long stalledSinceNanos;

    /**
     * Binds {@code port} (0: any) and serves the subscribers {@code admission} admits. {@code keyOf} is null when the
     * next stage is scalar; when it is keyed, a subscription holding up the stage without credit for
     * {@code creditTimeout} is failed. Serves TLS when {@code tls} is enabled.
     */
    public StageOutput(EventLoopGroup group, String host, int port, Function<byte[], String> keyOf, SubscriberAdmission admission,
                       Duration creditTimeout, TransportMetrics metrics, TlsConfig tls) {
        this.keyOf = keyOf;
        this.keyed = keyOf == null ? null : new KeyedRouter<>(1);
        this.group = group;
        this.admission = admission;
        this.creditTimeoutNanos = creditTimeout.toNanos();
        this.server = TcpServer.start(group, new InetSocketAddress(host, port), tls.applyTo(TcpSettings.DEFAULTS), this::accept, metrics);
        long period = Math.max(1, creditTimeout.toMillis() / 4);
        this.stallCheck = keyed == null ? null
                : group.next().scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return server.port();
    }

    /**
     * The next stage as discovery describes it: keys map over its target size of worker indexes, and subscriptions are
     * admitted against it.
     */
    public void nextStage(WorkerAssignments next) {
        admission.nextStage(next);
        releaseHeld();
        int numWorkers = next.numWorkers();
        if (keyed != null && numWorkers > 0 && numWorkers != keyed.numWorkers()) {
            keyed.resize(numWorkers);
            CompletableFuture.runAsync(this::writable);
        }
    }

    private StreamListener accept(TcpStream stream, ByteBuf body) {
        var d = new DownstreamStream(stream, admission.identify(stream.params()), this);
        synchronized (lock) {
            Refusal why = admission.unconfirmed(d.subscriber());
            if (why != null) {
                hold(d, why);
                return d;
            }
        }
        serve(d);
        return d;
    }

    /**
     * Keeps {@code d} unrouted until discovery confirms its subscriber, for {@link #HOLD} at most: discovery may tell the
     * subscriber of its own start, or of a larger stage, before it tells this worker. Under the lock.
     */
    private void hold(DownstreamStream d, Refusal why) {
        if (held.size() >= MAX_HELD) {
            throw admission.refused(new Refusal(why.reason(), why.getMessage() + "; this worker already holds " + held.size()
                    + " subscriptions that discovery has not confirmed"));
        }
        held.add(d);
        group.schedule(() -> {
            Refusal still;
            synchronized (lock) {
                if (!held.remove(d)) {
                    return;
                }
                still = admission.unconfirmed(d.subscriber());
            }
            if (still == null) {
                serve(d);
            } else {
                d.refuse(admission.refused(new Refusal(still.reason(), still.getMessage() + " for " + HOLD.toMillis() + " ms")));
            }
        }, HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Serves the held subscriptions discovery now confirms. */
    private void releaseHeld() {
        List<DownstreamStream> confirmed = new ArrayList<>();
        synchronized (lock) {
            for (var it = held.iterator(); it.hasNext(); ) {
                var d = it.next();
                if (admission.unconfirmed(d.subscriber()) == null) {
                    it.remove();
                    confirmed.add(d);
                }
            }
        }
        confirmed.forEach(this::serve);
    }

    private void serve(DownstreamStream d) {
        DownstreamStream replaced;
        synchronized (lock) {
            if (!d.isOpen()) {
                return;
            }
            replaced = bySlot.put(Slot.of(d), d);
            if (replaced != null) {
                unroute(replaced);
                replaced.end();
            }
            streams.add(d);
            if (keyed != null) {
                keyed.add(d);
            } else {
                scalar.add(d);
            }
        }
        if (replaced != null) {
            admission.metrics().replaced();
            log.debug("{} replaced by a newer subscription of the same worker index and slot", replaced);
        }
        subscribed.complete(null);
        CompletableFuture.runAsync(this::writable);
    }

    /** Completes when the next stage first subscribes: until then this worker has nowhere to send records. */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    void removed(DownstreamStream d) {
        synchronized (lock) {
            unroute(d);
        }
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
        held.remove(d);
        bySlot.remove(Slot.of(d), d);
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

    /**
     * Keyed next stage: fails the subscription the oldest waiting record maps to when it has granted no credit since
     * the previous checks saw that same record wait for it, for {@code creditTimeout} in all. Runs on the event loop.
     */
    private void checkStall() {
        DownstreamStream victim = null;
        synchronized (lock) {
            byte[] head = parked.peekFirst();
            DownstreamStream on = head == null ? null : keyed.outletFor(KeyHashes.ofString(keyOf.apply(head)));
            long now = System.nanoTime();
            if (on == null || on.credit() > 0) {
                stalledHead = null;
                stalledOn = null;
            } else if (head != stalledHead || on != stalledOn) {
                stalledHead = head;
                stalledOn = on;
                stalledSinceNanos = now;
            } else if (now - stalledSinceNanos >= creditTimeoutNanos) {
                victim = on;
                unroute(victim);
                victim.fail("no credit for " + TimeUnit.NANOSECONDS.toMillis(creditTimeoutNanos)
                        + " ms while records waited for this subscription; subscribe again with credit");
                stalledHead = null;
                stalledOn = null;
            }
        }
        if (victim != null) {
            admission.metrics().creditTimeout();
            log.warn("Failed {}: it granted no credit for {} ms while records waited for it", victim,
                    TimeUnit.NANOSECONDS.toMillis(creditTimeoutNanos));
            writable();
        }
    }

    @Override
    public void close() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        dispose();
        server.close();
    }
}
