package io.weir.runtime.sink;

import io.weir.mql.Mql;
import io.weir.mql.MqlQuery;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one {@code clientId} (or one anonymous connection): each record goes to exactly one
 * member, round-robin over the members that have room. All members go through the same query (none, or one
 * {@code mql}), so a record the query filters out goes to none of them. With an aggregate query the group has one
 * {@link GroupAggregate}: records go into it, and each closed window's output records go to the members instead; a
 * record left out for the window's group limit counts as a drop of the first member, which its meta events report.
 *
 * <p>Threads: {@link #offer} from any thread, lock-free over a copy-on-write member array (an aggregate takes its
 * own lock); membership changes only under {@link ConsumerRegistry}'s lock.
 */
final class ConsumerGroup {

    private static final SinkConsumer[] NONE = new SinkConsumer[0];

    private final String clientId;
    private final GroupAggregate aggregate;
    private final AtomicInteger next = new AtomicInteger();
    private volatile SinkConsumer[] members = NONE;
    /** Guarded by the registry's lock. */
    private final Map<String, SinkConsumer> slots = new HashMap<>();

    ConsumerGroup(String clientId) {
        this(clientId, null, null, null);
    }

    /** A group whose members use {@code query}; an aggregate query needs the sink's {@code timer} to close its windows. */
    ConsumerGroup(String clientId, MqlQuery query, WindowTimer timer, SinkMetrics metrics) {
        this.clientId = clientId;
        this.aggregate = query != null && query.isAggregate() ? new GroupAggregate(query, timer, metrics, this::offerWindowRecord) : null;
    }

    /** The group's aggregate, or null when its query is not aggregate. */
    GroupAggregate aggregate() {
        return aggregate;
    }

    /** Whether a consumer holds {@code slotId}, so that a new one with it replaces it. Under the registry's lock. */
    boolean holdsSlot(String slotId) {
        return slotId != null && slots.containsKey(slotId);
    }

    /** The group's client id, or null for an anonymous connection. */
    String clientId() {
        return clientId;
    }

    /** Hands {@code record}, as the members' query selects and projects it, to one member with room. */
    void offer(PublishedRecord record, long nowNanos, SinkMetrics metrics) {
        SinkConsumer[] m = members;
        if (m.length == 0) {
            return;
        }
        if (aggregate != null) {
            if (aggregate.accept(record.tree())) {
                m[0].countLeftOut();
            }
            return;
        }
        MqlQuery filter = m[0].filter();
        byte[] frame = filter == null ? record.frame() : record.frame(filter);
        if (frame == null) {
            metrics.filtered();
            return;
        }
        offer(frame, nowNanos, metrics);
    }

    /**
     * Hands {@code frame} to one member with room, starting after the last one chosen. A record no member
     * can take counts as a drop against the first full member, or as sampled if none was full.
     */
    void offer(byte[] frame, long nowNanos, SinkMetrics metrics) {
        offer(frame, nowNanos, metrics, 0);
    }

    /** As {@link #offer(byte[], long, SinkMetrics)} for one output record of a closed window, which fits whole. */
    private void offerWindowRecord(byte[] frame, long nowNanos, SinkMetrics metrics) {
        offer(frame, nowNanos, metrics, Mql.MAX_GROUPS);
    }

    private void offer(byte[] frame, long nowNanos, SinkMetrics metrics, int beyondCapacity) {
        SinkConsumer[] m = members;
        int n = m.length;
        if (n == 0) {
            return;
        }
        int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
        SinkConsumer firstFull = null;
        boolean sampled = false;
        for (int i = 0; i < n; i++) {
            SinkConsumer c = m[(start + i) % n];
            switch (c.offer(frame, nowNanos, beyondCapacity)) {
                case ACCEPTED -> {
                    return;
                }
                case FULL -> firstFull = firstFull == null ? c : firstFull;
                case SAMPLED -> sampled = true;
                case CLOSED -> { }
            }
        }
        if (firstFull != null) {
            firstFull.countDrop();
        } else if (sampled) {
            metrics.droppedSampled();
        }
    }

    /**
     * A member, other than the one {@code c} would replace in its slot, whose query differs from {@code c}'s; null
     * when {@code c} may join. Registry lock held.
     */
    SinkConsumer conflictWith(SinkConsumer c) {
        String slot = c.params().slotId();
        SinkConsumer inSlot = slot == null ? null : slots.get(slot);
        for (SinkConsumer m : members) {
            if (m != inSlot && !Objects.equals(m.filter(), c.filter())) {
                return m;
            }
        }
        return null;
    }

    /** Adds {@code c}; returns the member it replaced in its slot, or null. Registry lock held. */
    SinkConsumer add(SinkConsumer c) {
        String slot = c.params().slotId();
        SinkConsumer replaced = slot == null ? null : slots.put(slot, c);
        SinkConsumer[] m = members;
        if (replaced != null) {
            m = without(m, replaced);
        }
        SinkConsumer[] grown = Arrays.copyOf(m, m.length + 1);
        grown[m.length] = c;
        members = grown;
        return replaced;
    }

    /** Removes {@code c} if it is a member; returns whether it was. Registry lock held. */
    boolean remove(SinkConsumer c) {
        String slot = c.params().slotId();
        if (slot != null) {
            slots.remove(slot, c);
        }
        SinkConsumer[] m = members;
        SinkConsumer[] shrunk = without(m, c);
        members = shrunk;
        return shrunk.length != m.length;
    }

    int size() {
        return members.length;
    }

    SinkConsumer[] members() {
        return members;
    }

    private static SinkConsumer[] without(SinkConsumer[] m, SinkConsumer c) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == c) {
                SinkConsumer[] out = new SinkConsumer[m.length - 1];
                System.arraycopy(m, 0, out, 0, i);
                System.arraycopy(m, i + 1, out, i, m.length - i - 1);
                return out;
            }
        }
        return m;
    }
}
