package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Equality and order of JSON values. Numbers compare by value whatever their type ({@code 1 == 1.0}): integers that
 * fit a {@code long} as longs, doubles as doubles, and exactly (as {@link BigDecimal}) when either is a big integer
 * or decimal. Strings order by UTF-16 code units. Missing and JSON null are equal to each other only.
 */
final class Values {

    /** The values have no order: a type mismatch, a null, a missing field, a boolean, an object or an array. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private Values() {
    }

    /** Whether {@code a} equals {@code b}; null (missing) and JSON null equal each other, objects and arrays by content. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || a.isNull()) {
            return b == null || b.isNull();
        }
        if (b == null) {
            return false;
        }
        if (a.isTextual()) {
            return b.isTextual() && a.textValue().equals(b.textValue());
        }
        if (a.isNumber()) {
            return b.isNumber() && compareNumbers(a, b) == 0;
        }
        if (a.isBoolean()) {
            return b.isBoolean() && a.booleanValue() == b.booleanValue();
        }
        return a.equals(b);
    }

    /** -1, 0 or 1 for two numbers or two strings, otherwise {@link #INCOMPARABLE}. */
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
        return INCOMPARABLE;
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (isBig(a) || isBig(b)) {
            return compareExactly(a, b);
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : INCOMPARABLE;
    }

    private static boolean isBig(JsonNode n) {
        return n.isBigInteger() || n.isBigDecimal();
    }

    private static int compareExactly(JsonNode a, JsonNode b) {
        if (!isFinite(a) || !isFinite(b)) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : INCOMPARABLE;
        }
        return Integer.signum(a.decimalValue().compareTo(b.decimalValue()));
    }

    private static boolean isFinite(JsonNode n) {
        return !(n.isDouble() || n.isFloat()) || Double.isFinite(n.doubleValue());
    }
}
