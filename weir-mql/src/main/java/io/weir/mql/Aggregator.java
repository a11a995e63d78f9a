package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer's evaluation of an aggregate query ({@link MqlQuery#newAggregator}): records go in with
 * {@link #accept}, and {@link #flush} returns a window's output records once it has closed. Windows are tumbling,
 * back to back from the creation time; a window without records outputs nothing, and groups come out in the
 * order of their first record unless the query has {@code order by}. At most
 * {@value Mql#MAX_GROUPS} groups per window: records of further groups are counted in {@link #dropped} and
 * otherwise ignored. Not thread-safe: one consumer, one thread at a time.
 */
public final class Aggregator {

    private static final Object SINGLE_GROUP = new Object();

    private final MqlQuery query;
    private final Aggregation spec;
    private final int maxGroups;
    private Map<Object, Accumulator[]> groups = new LinkedHashMap<>();
    private long windowEnd;
    private long dropped;

    Aggregator(MqlQuery query, Aggregation spec, long nowMillis, int maxGroups) {
        this.query = query;
        this.spec = spec;
        this.maxGroups = maxGroups;
        this.windowEnd = nowMillis + spec.windowMillis();
    }

    /** Adds {@code record} to the current window if it passes the query's {@code where} and sampling; returns whether it did. */
    public boolean accept(JsonNode record) {
        if (!query.matches(record)) {
            return false;
        }
        Object key = key(record);
        Accumulator[] group = groups.get(key);
        if (group == null) {
            if (groups.size() >= maxGroups) {
                dropped++;
                return false;
            }
            group = newGroup();
            groups.put(key, group);
        }
        List<Aggregation.Item> items = spec.items();
        for (int i = 0; i < group.length; i++) {
            group[i].add(items.get(i).value(record));
        }
        return true;
    }

    /**
     * The output records of the current window when {@code nowMillis} has reached its end (starting the next window
     * that contains {@code nowMillis}), otherwise an empty list.
     */
    public List<JsonNode> flush(long nowMillis) {
        if (nowMillis < windowEnd) {
            return List.of();
        }
        long length = spec.windowMillis();
        windowEnd += ((nowMillis - windowEnd) / length + 1) * length;
        Map<Object, Accumulator[]> closed = groups;
        groups = new LinkedHashMap<>();
        return outputs(closed);
    }

    /** When the current window closes, in the milliseconds of {@link #flush}. */
    public long windowEndMillis() {
        return windowEnd;
    }

    /** Records left out since creation because their window already had {@value Mql#MAX_GROUPS} groups. */
    public long dropped() {
        return dropped;
    }

    private Object key(JsonNode record) {
        List<Operand> by = spec.groupBy();
        if (by.isEmpty()) {
            return SINGLE_GROUP;
        }
        if (by.size() == 1) {
            return nonNull(by.get(0).value(record));
        }
        JsonNode[] key = new JsonNode[by.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = nonNull(by.get(i).value(record));
        }
        return Arrays.asList(key);
    }

    private static JsonNode nonNull(JsonNode v) {
        return v == null ? NullNode.getInstance() : v;
    }

    private Accumulator[] newGroup() {
        List<Aggregation.Item> items = spec.items();
        Accumulator[] group = new Accumulator[items.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = Accumulator.of(items.get(i).function());
        }
        return group;
    }

    private List<JsonNode> outputs(Map<Object, Accumulator[]> closed) {
        List<JsonNode> out = new ArrayList<>(closed.size());
        List<Aggregation.Item> items = spec.items();
        for (Accumulator[] group : closed.values()) {
            ObjectNode record = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < group.length; i++) {
                record.set(items.get(i).name(), group[i].result());
            }
            if (spec.having() == null || spec.having().test(record)) {
                out.add(record);
            }
        }
        if (spec.orderBy() != null) {
            out.sort(order(spec.orderBy(), spec.descending()));
        }
        return spec.limit() >= 0 && out.size() > spec.limit() ? List.copyOf(out.subList(0, (int) spec.limit())) : out;
    }

    /** Numbers, then strings, then everything else; numbers and strings ascending, or descending when asked. */
    private static Comparator<JsonNode> order(Operand by, boolean descending) {
        return (a, b) -> {
            JsonNode x = by.value(a);
            JsonNode y = by.value(b);
            int rank = Integer.compare(rank(x), rank(y));
            if (rank != 0 || rank(x) == 2) {
                return rank;
            }
            int cmp = Values.compare(x, y);
            cmp = cmp == Values.INCOMPARABLE ? 0 : cmp;
            return descending ? -cmp : cmp;
        };
    }

    private static int rank(JsonNode v) {
        return v == null ? 2 : v.isNumber() && Values.compare(v, v) == 0 ? 0 : v.isTextual() ? 1 : 2;
    }
}
