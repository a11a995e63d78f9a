package io.weir.runtime.route;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A consistent-hash ring over downstream worker <em>indexes</em>, with virtual nodes. A point's position
 * depends only on its index, so a replaced worker (same index, new number) takes back exactly its keys,
 * and adding or removing one index moves only the keys that index gains or loses (about 1/N).
 * Immutable and thread-safe.
 */
public final class ConsistentHashRing {

    /** Virtual nodes per index unless told otherwise. */
    public static final int DEFAULT_VIRTUAL_NODES = 160;

    private static final long KEY_SEED = 0x2545f4914f6cdd1dL;

    private final SortedSet<Integer> indexes;
    private final long[] points;
    private final int[] owners;

    /** A ring over {@code indexes} with {@code virtualNodes} points each. */
    public ConsistentHashRing(Collection<Integer> indexes, int virtualNodes) {
        Objects.requireNonNull(indexes, "indexes");
        if (virtualNodes <= 0) {
            throw new IllegalArgumentException("virtualNodes: " + virtualNodes + " (expected: > 0)");
        }
        this.indexes = new TreeSet<>(indexes);
        for (int index : this.indexes) {
            if (index < 0) {
                throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
            }
        }
        int n = this.indexes.size() * virtualNodes;
        long[][] pairs = new long[n][];
        int i = 0;
        for (int index : this.indexes) {
            for (int v = 0; v < virtualNodes; v++) {
                pairs[i++] = new long[] {point(index, v), index};
            }
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        this.points = new long[n];
        this.owners = new int[n];
        for (int k = 0; k < n; k++) {
            points[k] = pairs[k][0];
            owners[k] = (int) pairs[k][1];
        }
    }

    /** A ring over indexes {@code 0 .. numWorkers-1} with the default virtual nodes. */
    public static ConsistentHashRing ofSize(int numWorkers) {
        if (numWorkers < 0) {
            throw new IllegalArgumentException("numWorkers: " + numWorkers + " (expected: >= 0)");
        }
        return new ConsistentHashRing(IntStream.range(0, numWorkers).boxed().toList(),
                DEFAULT_VIRTUAL_NODES);
    }

    /** The indexes on the ring, ascending. */
    public SortedSet<Integer> indexes() {
        return Collections.unmodifiableSortedSet(indexes);
    }

    /** True when the ring has no index. */
    public boolean isEmpty() {
        return points.length == 0;
    }

    /** The index that owns {@code keyHash} (see {@link KeyHashes}); the ring must not be empty. */
    public int indexFor(long keyHash) {
        if (points.length == 0) {
            throw new IllegalStateException("the ring has no index");
        }
        long h = KeyHashes.mix(keyHash ^ KEY_SEED);
        int pos = Arrays.binarySearch(points, h);
        if (pos < 0) {
            pos = -pos - 1;
        } else {
            while (pos > 0 && points[pos - 1] == h) {
                pos--;
            }
        }
        return owners[pos == points.length ? 0 : pos];
    }

    private static long point(int index, int virtualNode) {
        return KeyHashes.mix(((long) index << 32 | virtualNode) * 0x9e3779b97f4a7c15L);
    }
}
