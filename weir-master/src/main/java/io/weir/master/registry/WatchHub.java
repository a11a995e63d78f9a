package io.weir.master.registry;

import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.master.discovery.Coalescer;
import io.weir.master.discovery.SseFrames;
import io.weir.master.discovery.SubscriberStreams;
import io.weir.master.loop.ControlLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The registry's watches as SSE frames. Watchers of the same query share one {@link QueryWatch}; topology and health
 * each have one stream. Registry changes are coalesced ({@link Coalescer}); on each publication every query's set, the
 * topology and the health are recomputed from one snapshot, and a stream gets an event only when its own view changed.
 * Each watcher has its own heartbeats and bounded queue ({@link SubscriberStreams}). All state here is owned by the
 * registry's loop.
 */
public final class WatchHub {

    private static final byte[] HEARTBEAT = "data: {\"heartbeat\":true}\n\n".getBytes(StandardCharsets.UTF_8);

    private final ControlLoop loop;
    private final ServiceRegistry registry;
    private final SseFrames frames;
    private final RegistryMetrics metrics;
    private final SubscriberStreams streams;
    private final Coalescer coalescer;
    private final Map<ServiceQuery, QueryWatch> queries = new HashMap<>();
    private final Sinks.Many<byte[]> topologySink = Sinks.many().replay().latest();
    private final Sinks.Many<byte[]> healthSink = Sinks.many().replay().latest();
    private PipelineTopology lastTopology;
    private PipelineHealth lastHealth;
    private volatile byte[] setHeartbeat;

    WatchHub(ControlLoop loop, ServiceRegistry registry, RegistryConfig config, SseFrames frames, RegistryMetrics metrics) {
        this.loop = loop;
        this.registry = registry;
        this.frames = frames;
        this.metrics = metrics;
        this.streams = new SubscriberStreams("registry watch", Duration.ofMillis(config.watchHeartbeatMillis()), true,
                metrics::watcherDropped, metrics::tracked);
        this.coalescer = new Coalescer(loop, config.coalesceMillis(), System::nanoTime, this::publish);
        this.setHeartbeat = frames.encode(ServiceSet.heartbeat(0, true));
    }

    /** Notes a registry change; callable from any thread. */
    void changed() {
        loop.execute(coalescer::changed);
    }

    /** Publishes the first topology and health. */
    void start() {
        loop.execute(coalescer::now);
    }

    /** A watch of the instances {@code query} selects: the current set at once, then each change of it. */
    public Flux<byte[]> instances(ServiceQuery query) {
        return Flux.defer(() -> {
            var acquired = loop.call(() -> acquire(query));
            return Mono.fromFuture(acquired, true)
                    .flatMapMany(w -> streams.open("query " + query.toQueryString(), w.sink.asFlux(), () -> setHeartbeat))
                    .doFinally(s -> acquired.thenAccept(w -> loop.execute(() -> release(w))));
        });
    }

    /** The topology at once (including every change acknowledged before), then each change of it. */
    public Flux<byte[]> topology() {
        return upToDate().thenMany(Flux.defer(() -> streams.open("topology", topologySink.asFlux(), () -> HEARTBEAT)));
    }

    /** The health at once (including every change acknowledged before), then each change of a status or reason. */
    public Flux<byte[]> health() {
        return upToDate().thenMany(Flux.defer(() -> streams.open("health", healthSink.asFlux(), () -> HEARTBEAT)));
    }

    /**
     * Publishes from the current snapshot before a new watcher starts: the last published value may be up to one
     * coalescing window old, and a watcher must not start from a view older than a change it was already told of.
     */
    private Mono<Void> upToDate() {
        return Mono.fromFuture(() -> loop.call(this::publish), true).then();
    }

    private QueryWatch acquire(ServiceQuery query) {
        QueryWatch w = queries.get(query);
        if (w == null) {
            w = new QueryWatch(query);
            queries.put(query, w);
        }
        w.update(registry.snapshot()); // a joining watcher starts from now, not from the last coalesced publication
        w.watchers++;
        return w;
    }

    private void release(QueryWatch w) {
        if (--w.watchers == 0) {
            queries.remove(w.query);
            w.sink.tryEmitComplete();
        }
    }

    private boolean publish() {
        RegistrySnapshot snapshot = registry.snapshot();
        boolean sent = false;
        for (QueryWatch w : queries.values()) {
            sent |= w.update(snapshot);
        }
        var views = new RegistryViews(snapshot);
        var topology = views.topology(0);
        if (!topology.equals(lastTopology)) {
            lastTopology = topology;
            emit(topologySink, views.topology(snapshot.revision()));
            sent = true;
        }
        var health = views.health(0);
        if (!health.equals(lastHealth)) {
            lastHealth = health;
            emit(healthSink, views.health(snapshot.revision()));
            metrics.health(health);
            sent = true;
        }
        setHeartbeat = frames.encode(ServiceSet.heartbeat(snapshot.revision(), snapshot.rebuilding()));
        return sent;
    }

    private void emit(Sinks.Many<byte[]> sink, Object value) {
        sink.tryEmitNext(frames.encode(value));
        metrics.watchEvent();
    }

    /** The watchers of one query: the set they last got, as instance ids with versions and the rebuilding flag. */
    private final class QueryWatch {
        final ServiceQuery query;
        final Sinks.Many<byte[]> sink = Sinks.many().replay().latest();
        int watchers;
        private String[] ids;
        private long[] versions;
        private boolean rebuilding;

        QueryWatch(ServiceQuery query) {
            this.query = query;
        }

        /** Publishes the set {@code snapshot} selects if it differs from the last one sent. */
        boolean update(RegistrySnapshot snapshot) {
            var selected = new ArrayList<RegistrySnapshot.Listed>();
            for (var l : snapshot.instances()) {
                if (query.matches(l.instance())) {
                    selected.add(l);
                }
            }
            String[] newIds = new String[selected.size()];
            long[] newVersions = new long[selected.size()];
            for (int i = 0; i < newIds.length; i++) {
                newIds[i] = selected.get(i).instance().instanceId();
                newVersions[i] = selected.get(i).version();
            }
            if (ids != null && rebuilding == snapshot.rebuilding() && Arrays.equals(ids, newIds) && Arrays.equals(versions, newVersions)) {
                return false;
            }
            ids = newIds;
            versions = newVersions;
            rebuilding = snapshot.rebuilding();
            emit(sink, new ServiceSet(snapshot.revision(), selected.stream().map(RegistrySnapshot.Listed::instance).toList(), false,
                    rebuilding));
            return true;
        }
    }
}
