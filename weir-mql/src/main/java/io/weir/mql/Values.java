package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares JSON values: numbers with numbers (exactly when both are integers that fit a {@code long}), strings
 * with strings (by UTF-16 code units), booleans with booleans (equality only). Anything else, null and missing
 * included, is {@link #INCOMPARABLE}, which makes every comparison false.
 */
final class Values {

    /** The values cannot be compared: a type mismatch, a null, a missing field, an object or an array. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;
    /** The values are of a type without order and differ. */
    static final int UNEQUAL = 2;

    private Values() {
    }

    /** -1, 0 or 1 for ordered values, 0 or {@link #UNEQUAL} for booleans, or {@link #INCOMPARABLE}. */
    static int compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return INCOMPARABLE;
        }
        if (a.isTextual()) {
            return b.isTextual() ? Integer.signum(a.textValue().compareTo(b.textValue())) : INCOMPARABLE;
        }
        if (a.isNumber()) {
            return b.isNumber() ? compareNumbers(a, b) : INCOMPARABLE;
        }
        if (a.isBoolean()) {
            return b.isBoolean() ? (a.booleanValue() == b.booleanValue() ? 0 : UNEQUAL) : INCOMPARABLE;
        }
        return INCOMPARABLE;
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : INCOMPARABLE;
    }
}
