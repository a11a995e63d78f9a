package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code e[^"prefix"]}, in {@code select} only: every top-level field whose name starts with {@code prefix}. */
record PrefixFields(String prefix) implements Operand {

    /** Not a single value: {@link Projection} copies the matching fields itself. */
    @Override
    public JsonNode value(JsonNode record) {
        return null;
    }

    @Override
    public String toString() {
        return "e[^\"" + prefix + "\"]";
    }
}
