package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** A field reached through nested objects, {@code a.b.c}; missing when any step is absent or not an object. */
final class FieldPath implements Operand {

    private final String[] names;

    FieldPath(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names: [] (expected: at least one)");
        }
        this.names = names.toArray(String[]::new);
    }

    /** The field names from the record down. */
    List<String> names() {
        return List.of(names);
    }

    @Override
    public JsonNode value(JsonNode record) {
        JsonNode node = record;
        for (String name : names) {
            node = node.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && Arrays.equals(names, p.names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return String.join(".", names);
    }
}
