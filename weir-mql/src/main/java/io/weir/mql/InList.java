package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code operand in (v1, v2, ...)}: true when the value equals one of the literals; {@code not in} is its negation. */
final class InList implements Condition {

    private final Operand operand;
    private final JsonNode[] values;
    private final boolean negated;
    /** The literals when all are strings, for a hash lookup; otherwise null. */
    private final Set<String> strings;

    InList(Operand operand, List<JsonNode> values, boolean negated) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values: [] (expected: at least one)");
        }
        this.operand = operand;
        this.values = values.toArray(JsonNode[]::new);
        this.negated = negated;
        this.strings = values.stream().allMatch(JsonNode::isTextual) ? stringsOf(values) : null;
    }

    private static Set<String> stringsOf(List<JsonNode> values) {
        Set<String> set = new HashSet<>();
        values.forEach(v -> set.add(v.textValue()));
        return set;
    }

    @Override
    public boolean test(JsonNode record) {
        return contains(operand.value(record)) != negated;
    }

    private boolean contains(JsonNode v) {
        if (strings != null) {
            return v != null && v.isTextual() && strings.contains(v.textValue());
        }
        for (JsonNode literal : values) {
            if (Values.equal(v, literal)) {
                return true;
            }
        }
        return false;
    }
}
