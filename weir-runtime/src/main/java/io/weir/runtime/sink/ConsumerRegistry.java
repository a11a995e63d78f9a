package io.weir.runtime.sink;

import io.weir.mql.MqlQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink's consumers by group. Publishing reads a volatile snapshot of the groups and never locks;
 * connects and disconnects, which are rare, change the snapshot under one lock.
 */
final class ConsumerRegistry {

    private static final ConsumerGroup[] NONE = new ConsumerGroup[0];

    private final Object lock = new Object();
    private final Map<String, ConsumerGroup> named = new HashMap<>();
    private final Map<SinkConsumer, ConsumerGroup> groupOf = new IdentityHashMap<>();
    private volatile ConsumerGroup[] groups = NONE;
    private final int maxConsumers;
    private final WindowTimer timer;

    /** A registry without a consumer limit or aggregate queries. */
    ConsumerRegistry() {
        this(Integer.MAX_VALUE, null);
    }

    /** A registry of at most {@code maxConsumers} connected consumers; aggregate groups close windows on {@code timer}. */
    ConsumerRegistry(int maxConsumers, WindowTimer timer) {
        this.maxConsumers = maxConsumers;
        this.timer = timer;
    }

    /** The current groups; publish iterates this array. */
    ConsumerGroup[] groups() {
        return groups;
    }

    /**
     * Adds {@code c} to its group; returns the consumer it replaced in its slot (the caller completes it), or null.
     *
     * @throws SubscriptionConflictException when the group's other members use another query
     * @throws SinkFullException when the sink has its maximum of consumers and {@code c} replaces none of them
     */
    SinkConsumer add(SinkConsumer c) {
        synchronized (lock) {
            String clientId = c.params().clientId();
            ConsumerGroup existing = clientId == null ? null : named.get(clientId);
            if (groupOf.size() >= maxConsumers && (existing == null || !existing.holdsSlot(c.params().slotId()))) {
                throw new SinkFullException("this sink serves " + groupOf.size() + " consumers, its maximum "
                        + "(WEIR_SINK_MAX_CONSUMERS); connect again later or to another of the job's sink workers");
            }
            ConsumerGroup group = clientId == null ? newGroup(null, c)
                    : named.computeIfAbsent(clientId, id -> newGroup(id, c));
            SinkConsumer other = group.conflictWith(c);
            if (other != null) {
                throw new SubscriptionConflictException("clientId: '" + clientId + "' already "
                        + (other.filter() == null ? "takes every record unchanged" : "uses the query "
                        + SubscriptionConflictException.shown(other.filter()))
                        + " (expected: the same query on every connection of a clientId, or another clientId)");
            }
            boolean fresh = group.size() == 0;
            SinkConsumer replaced = group.add(c);
            groupOf.put(c, group);
            if (replaced != null) {
                groupOf.remove(replaced);
            }
            if (fresh) {
                if (group.aggregate() != null) {
                    group.aggregate().start();
                }
                ConsumerGroup[] g = Arrays.copyOf(groups, groups.length + 1);
                g[groups.length] = group;
                groups = g;
            }
            return replaced;
        }
    }

    /** Removes {@code c}, and its group when it was the last member; idempotent. */
    void remove(SinkConsumer c) {
        synchronized (lock) {
            ConsumerGroup group = groupOf.remove(c);
            if (group == null || !group.remove(c) || group.size() > 0) {
                return;
            }
            if (group.clientId() != null) {
                named.remove(group.clientId(), group);
            }
            if (group.aggregate() != null) {
                group.aggregate().stop();
            }
            groups = Arrays.stream(groups).filter(g -> g != group).toArray(ConsumerGroup[]::new);
        }
    }

    private ConsumerGroup newGroup(String clientId, SinkConsumer first) {
        MqlQuery query = first.params().query();
        if (query != null && query.isAggregate() && timer == null) {
            throw new IllegalStateException("this registry has no window timer for the aggregate query " + query.text());
        }
        return new ConsumerGroup(clientId, query, timer, first.metrics());
    }

    /** Connected consumers. */
    int consumers() {
        synchronized (lock) {
            return groupOf.size();
        }
    }

    /** A copy of every connected consumer. */
    List<SinkConsumer> all() {
        synchronized (lock) {
            return new ArrayList<>(groupOf.keySet());
        }
    }
}
