package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value reached by steps from the record: field names ({@code e["a"]}, or a bare {@code a}) and list indexes
 * ({@code e["a"][0]}, {@code [-1]} from the end); missing when a step finds nothing. No steps: the record itself.
 */
final class FieldPath implements Operand {

    private final String[] names;
    private final int[] indexes;

    /** Steps of {@link String} names and {@link Integer} indexes. */
    FieldPath(List<?> steps) {
        this.names = new String[steps.size()];
        this.indexes = new int[steps.size()];
        for (int i = 0; i < names.length; i++) {
            Object step = steps.get(i);
            if (step instanceof String s) {
                names[i] = s;
            } else {
                indexes[i] = (Integer) step;
            }
        }
    }

    /** A path of field names. */
    static FieldPath of(String... names) {
        return new FieldPath(List.of(names));
    }

    /** The steps as output field names (indexes as their digits). */
    List<String> outputNames() {
        List<String> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            out.add(names[i] != null ? names[i] : Integer.toString(indexes[i]));
        }
        return out;
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    @Override
    public JsonNode value(JsonNode record) {
        JsonNode node = record;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            node = name != null ? node.get(name) : element(node, indexes[i]);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static JsonNode element(JsonNode node, int index) {
        return node.isArray() ? node.get(index < 0 ? index + node.size() : index) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && Arrays.equals(names, p.names) && Arrays.equals(indexes, p.indexes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + Arrays.hashCode(indexes);
    }

    @Override
    public String toString() {
        var out = new StringBuilder("e");
        for (int i = 0; i < names.length; i++) {
            out.append('[').append(names[i] != null ? "\"" + names[i].replace("\"", "\"\"") + "\"" : indexes[i]).append(']');
        }
        return out.toString();
    }
}
