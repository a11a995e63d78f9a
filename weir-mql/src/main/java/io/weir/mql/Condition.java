package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A compiled {@code where} or {@code having} clause, or part of one; never throws, allocates at most an iterator for {@code [*]}. */
@FunctionalInterface
interface Condition {

    /** Whether {@code record}, a JSON object, satisfies this condition. */
    boolean test(JsonNode record);

    /** A condition that is always {@code value}. */
    static Condition constant(boolean value) {
        return value ? record -> true : record -> false;
    }

    /** True when every one of {@code all} is, evaluated left to right until one is false. */
    static Condition and(List<Condition> all) {
        if (all.size() == 1) {
            return all.get(0);
        }
        Condition[] c = all.toArray(Condition[]::new);
        return record -> {
            for (Condition each : c) {
                if (!each.test(record)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** True when any one of {@code any} is, evaluated left to right until one is true. */
    static Condition or(List<Condition> any) {
        if (any.size() == 1) {
            return any.get(0);
        }
        Condition[] c = any.toArray(Condition[]::new);
        return record -> {
            for (Condition each : c) {
                if (each.test(record)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The negation of {@code c}. */
    static Condition not(Condition c) {
        return record -> !c.test(record);
    }

    /** {@code operand is null} (missing or JSON null), or {@code is not null} when {@code negated}. */
    static Condition isNull(Operand operand, boolean negated) {
        return record -> {
            JsonNode v = operand.value(record);
            return (v == null || v.isNull()) != negated;
        };
    }

    /** A field used alone as a condition: true when it is the JSON value {@code true}. */
    static Condition isTrue(Operand operand) {
        return record -> {
            JsonNode v = operand.value(record);
            return v != null && v.isBoolean() && v.booleanValue();
        };
    }
}
