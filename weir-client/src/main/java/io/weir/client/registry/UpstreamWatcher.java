package io.weir.client.registry;

import io.weir.client.WeirClientException;
import io.weir.client.internal.MasterStream;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.transport.TransportEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Tells an application which instances to read an event type from, and when to switch: follows the master's watch of
 * the event type's producers ({@code serviceInstancesStream?produces=T}), reconnecting with backoff and jitter when it
 * breaks or misses heartbeats, keeps not-yet-returned instances while the master rebuilds after a restart, and while
 * the master is unreachable uses the last set it sent, else the configured fallback endpoints. Thread-safe.
 */
public final class UpstreamWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamWatcher.class);

    /**
     * Settings of a watcher.
     *
     * @param fallback              endpoints to use while the master is unreachable and has sent no upstreams
     * @param masterHeartbeatMillis the master's {@code WEIR_SERVICE_WATCH_HEARTBEAT_MS} (default 2000)
     * @param missedHeartbeats      a watch silent for this many heartbeat intervals is dead and reconnected (default 3)
     * @param backoff               delays between reconnects (default 50 ms doubling to 5 s, jitter 0.5)
     * @param policy                how {@link #pick()} chooses (default {@link SelectionPolicy#FIRST_HEALTHY})
     */
    public record Options(List<TransportEndpoint> fallback, long masterHeartbeatMillis, int missedHeartbeats,
                          ExponentialBackoff backoff, SelectionPolicy policy) {

        public static final Options DEFAULTS = new Options(List.of(), 2_000, 3, new ExponentialBackoff(50, 5_000, 0.5),
                SelectionPolicy.FIRST_HEALTHY);

        public Options {
            fallback = List.copyOf(fallback);
            if (masterHeartbeatMillis <= 0) {
                throw new IllegalArgumentException("masterHeartbeatMillis: " + masterHeartbeatMillis + " (expected: > 0)");
            }
            if (missedHeartbeats < 1) {
                throw new IllegalArgumentException("missedHeartbeats: " + missedHeartbeats + " (expected: >= 1)");
            }
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(policy, "policy");
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        public Options fallback(List<TransportEndpoint> endpoints) {
            return new Options(endpoints, masterHeartbeatMillis, missedHeartbeats, backoff, policy);
        }

        public Options masterHeartbeatMillis(long millis) {
            return new Options(fallback, millis, missedHeartbeats, backoff, policy);
        }

        public Options missedHeartbeats(int count) {
            return new Options(fallback, masterHeartbeatMillis, count, backoff, policy);
        }

        public Options backoff(ExponentialBackoff delays) {
            return new Options(fallback, masterHeartbeatMillis, missedHeartbeats, delays, policy);
        }

        public Options policy(SelectionPolicy choice) {
            return new Options(fallback, masterHeartbeatMillis, missedHeartbeats, backoff, choice);
        }
    }

    private final String eventType;
    private final Options options;
    private final UpstreamTracker tracker;
    private final List<Consumer<UpstreamSet>> listeners = new CopyOnWriteArrayList<>();
    private final Disposable watch;

    private UpstreamWatcher(Registry registry, String eventType, Options options) {
        this.eventType = eventType;
        this.options = options;
        this.tracker = new UpstreamTracker(eventType, options.fallback().stream().map(Upstream::fallback).toList());
        var stream = new MasterStream(registry.http(), Duration.ofMillis(options.masterHeartbeatMillis() * options.missedHeartbeats()),
                options.backoff());
        MasterStream.Observer observer = new MasterStream.Observer() {
            @Override
            public void retrying(String url, Throwable failure, long delayMillis) {
                lost(reason(failure) + "; retrying in " + delayMillis + " ms");
            }
        };
        this.watch = registry.watchInstances(ServiceQuery.upstreamsOf(eventType), stream, observer)
                .subscribe(this::frame, this::failed);
    }

    /** Starts watching the upstreams of {@code eventType} through {@code registry}'s master. */
    public static UpstreamWatcher start(Registry registry, String eventType, Options options) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(eventType, "eventType");
        return new UpstreamWatcher(registry, eventType, Objects.requireNonNull(options, "options"));
    }

    public String eventType() {
        return eventType;
    }

    /** The upstreams to use now (source {@code NONE} and empty until the master answers or is found unreachable). */
    public UpstreamSet current() {
        synchronized (tracker) {
            return tracker.current();
        }
    }

    /** One upstream to use now, chosen by the options' policy; empty when none is known. */
    public Optional<Upstream> pick() {
        return options.policy().pick(current());
    }

    /**
     * Calls {@code listener} with the current set (unless nothing is known yet) and then on every change, in order. It
     * runs on the watch's network thread: it must not block (hand slow work, such as reconnecting, to another thread).
     */
    public UpstreamWatcher onChange(Consumer<UpstreamSet> listener) {
        synchronized (tracker) {
            listeners.add(listener);
            if (tracker.current().source() != UpstreamSet.Source.NONE) {
                listener.accept(tracker.current());
            }
        }
        return this;
    }

    private void frame(ServiceSet set) {
        synchronized (tracker) {
            tracker.onFrame(set).ifPresent(this::tell);
        }
    }

    private void lost(String why) {
        synchronized (tracker) {
            tracker.onMasterLost(why).ifPresent(this::tell);
        }
    }

    private void failed(Throwable e) {
        log.error("watch of the upstreams of {} ended: {}", eventType, e.getMessage());
        lost("watch refused: " + e.getMessage());
    }

    private void tell(UpstreamSet set) {
        for (var l : listeners) {
            try {
                l.accept(set);
            } catch (RuntimeException e) {
                log.warn("upstream listener of {} failed: {}", eventType, e.toString());
            }
        }
    }

    private static String reason(Throwable failure) {
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return "no heartbeat from the master's watch";
        }
        if (failure instanceof WeirClientException w && w.status() == 0 && w.getCause() != null) {
            return failure.getMessage();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** Stops watching; {@link #current()} keeps the last set. */
    @Override
    public void close() {
        watch.dispose();
    }
}
