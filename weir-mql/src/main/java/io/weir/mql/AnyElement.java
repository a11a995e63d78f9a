package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code e["a"][*]... op literal}: true when {@code each} holds for any element of the list (or value of the object). */
record AnyElement(FieldPath container, Condition each) implements Condition {

    @Override
    public boolean test(JsonNode record) {
        JsonNode c = container.value(record);
        if (c == null || !c.isContainerNode()) {
            return false;
        }
        for (JsonNode element : c) {
            if (each.test(element)) {
                return true;
            }
        }
        return false;
    }
}
