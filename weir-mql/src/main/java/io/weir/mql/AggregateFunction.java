package io.weir.mql;

import java.util.Locale;

/** The aggregates of a {@code select} list, and {@link #FIRST} for its plain items. */
enum AggregateFunction {
    COUNT, SUM, MIN, MAX, AVERAGE, FIRST;

    /** The function named {@code name} in a query, in any case, or null. */
    static AggregateFunction named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "count" -> COUNT;
            case "sum" -> SUM;
            case "min" -> MIN;
            case "max" -> MAX;
            case "average" -> AVERAGE;
            default -> null;
        };
    }
}
