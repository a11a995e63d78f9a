package io.weir.runtime.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Routes records of a keyed stage: the {@link ConsistentHashRing} over the downstream stage's worker
 * indexes (its target size, not its live workers) names the index; the key then stays on one of that
 * index's outlets (chosen by the key's hash), so records of a key keep their order while the outlets
 * do not change. With no live outlet for the index, or no credit on the key's outlet, the record waits.
 *
 * <p>Threads: {@link #add}, {@link #remove} and {@link #resize} from any thread (copy-on-write);
 * {@link #route} from any thread, normally the stage's output thread.
 *
 * @param <O> the outlet type
 */
public final class KeyedRouter<O extends Outlet> {

    private static final long OUTLET_SEED = 0x632be59bd9b4e019L;

    private final int virtualNodes;
    private volatile Snapshot<O> snapshot;

    /** A router over {@code numWorkers} downstream indexes with the default virtual nodes per index. */
    public KeyedRouter(int numWorkers) {
        this(numWorkers, ConsistentHashRing.DEFAULT_VIRTUAL_NODES);
    }

    /** A router over {@code numWorkers} downstream indexes with {@code virtualNodes} per index. */
    public KeyedRouter(int numWorkers, int virtualNodes) {
        if (virtualNodes <= 0) {
            throw new IllegalArgumentException("virtualNodes: " + virtualNodes + " (expected: > 0)");
        }
        this.virtualNodes = virtualNodes;
        this.snapshot = new Snapshot<>(ring(numWorkers), List.of());
    }

    /** Sets the downstream stage's target size (indexes 0 .. numWorkers-1); keeps the outlets. Any thread. */
    public synchronized void resize(int numWorkers) {
        Snapshot<O> s = snapshot;
        if (s.ring.indexes().size() != numWorkers) {
            snapshot = new Snapshot<>(ring(numWorkers), s.byIndex);
        }
    }

    /** The downstream stage's target size. */
    public int numWorkers() {
        return snapshot.ring.indexes().size();
    }

    /** Adds {@code outlet} under its worker index (once). Any thread. */
    public synchronized void add(O outlet) {
        Objects.requireNonNull(outlet, "outlet");
        int index = outlet.workerIndex();
        if (index < 0) {
            throw new IllegalArgumentException("workerIndex: " + index + " (expected: >= 0)");
        }
        Snapshot<O> s = snapshot;
        List<OutletList<O>> byIndex = new ArrayList<>(s.byIndex);
        while (byIndex.size() <= index) {
            byIndex.add(OutletList.empty());
        }
        byIndex.set(index, byIndex.get(index).with(outlet));
        snapshot = new Snapshot<>(s.ring, List.copyOf(byIndex));
    }

    /** Removes {@code outlet}. Any thread. */
    public synchronized void remove(O outlet) {
        Objects.requireNonNull(outlet, "outlet");
        Snapshot<O> s = snapshot;
        int index = outlet.workerIndex();
        if (index < 0 || index >= s.byIndex.size()) {
            return;
        }
        List<OutletList<O>> byIndex = new ArrayList<>(s.byIndex);
        byIndex.set(index, byIndex.get(index).without(outlet));
        snapshot = new Snapshot<>(s.ring, List.copyOf(byIndex));
    }

    /** The downstream worker index that owns {@code keyHash}, or -1 when the stage has no workers. */
    public int indexFor(long keyHash) {
        ConsistentHashRing ring = snapshot.ring;
        return ring.isEmpty() ? -1 : ring.indexFor(keyHash);
    }

    /** Picks the outlet for a record whose key hashes to {@code keyHash} (see {@link KeyHashes}). */
    public Route<O> route(long keyHash) {
        Snapshot<O> s = snapshot;
        if (s.ring.isEmpty()) {
            return Route.noOutlet(-1);
        }
        int index = s.ring.indexFor(keyHash);
        OutletList<O> list = index < s.byIndex.size() ? s.byIndex.get(index) : null;
        if (list == null || list.size() == 0) {
            return Route.noOutlet(index);
        }
        O outlet = list.get(Math.floorMod(KeyHashes.mix(keyHash ^ OUTLET_SEED), list.size()));
        return outlet.credit() > 0 ? Route.to(outlet, index) : Route.noCredit(index);
    }

    /** The outlet records of {@code keyHash} go to, credit or not; null when its worker index has none. */
    public O outletFor(long keyHash) {
        Snapshot<O> s = snapshot;
        if (s.ring.isEmpty()) {
            return null;
        }
        int index = s.ring.indexFor(keyHash);
        OutletList<O> list = index < s.byIndex.size() ? s.byIndex.get(index) : null;
        return list == null || list.size() == 0 ? null : list.get(Math.floorMod(KeyHashes.mix(keyHash ^ OUTLET_SEED), list.size()));
    }

    private ConsistentHashRing ring(int numWorkers) {
        if (numWorkers < 0) {
            throw new IllegalArgumentException("numWorkers: " + numWorkers + " (expected: >= 0)");
        }
        return new ConsistentHashRing(IntStream.range(0, numWorkers).boxed().toList(), virtualNodes);
    }

    /** The ring and the outlets by worker index, replaced as a whole. */
    private record Snapshot<O extends Outlet>(ConsistentHashRing ring, List<OutletList<O>> byIndex) {
    }
}
