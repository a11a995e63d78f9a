package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The compiled aggregate part of a query: per {@code window} (tumbling, {@code windowMillis}), group records by
 * {@code groupBy}, compute {@code items} per group, keep the groups whose output passes {@code having}, sort them by
 * {@code orderBy} and keep the first {@code limit}.
 *
 * @param items        the select items, each an aggregate or {@link AggregateFunction#FIRST}
 * @param windowMillis the window length
 * @param groupBy      the grouping values; empty for one group per window
 * @param having       the condition on each output record, or null
 * @param orderBy      the value of an output record to sort by, or null
 * @param descending   whether {@code orderBy} sorts greatest first
 * @param limit        the most output records per window, or -1 for all
 */
record Aggregation(List<Item> items, long windowMillis, List<Operand> groupBy, Condition having, Operand orderBy,
                   boolean descending, long limit) {

    /**
     * One select item.
     *
     * @param name     its output field
     * @param function what it computes
     * @param source   the value it reads from each record; null for {@code count(*)}
     */
    record Item(String name, AggregateFunction function, Operand source) {

        /** The value this item reads from {@code record}; the record itself for {@code count(*)}. */
        JsonNode value(JsonNode record) {
            return source == null ? record : source.value(record);
        }
    }
}
