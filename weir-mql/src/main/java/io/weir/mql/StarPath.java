package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code e["a"][*]["b"]}: the {@code suffix} of every element of the list (or every value of the object) at
 * {@code prefix}. Selected, it is the list of those values that exist (allocated per record); compared, see
 * {@link AnyElement}.
 */
record StarPath(FieldPath prefix, FieldPath suffix) implements Operand {

    @Override
    public JsonNode value(JsonNode record) {
        JsonNode container = prefix.value(record);
        if (container == null || !container.isContainerNode()) {
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode(container.size());
        for (JsonNode element : container) {
            JsonNode v = suffix.value(element);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return prefix + "[*]" + suffix.toString().substring(1);
    }
}
