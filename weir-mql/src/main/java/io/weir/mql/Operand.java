package io.weir.mql;

import com.fasterxml.jackson.databind.JsonNode;

/** One side of a comparison or a select item: a field of the record or a literal. */
interface Operand {

    /** The value in {@code record}, or null when the field is missing; allocates only the list of a {@link StarPath}. */
    JsonNode value(JsonNode record);

    /** A constant value. */
    record Literal(JsonNode value) implements Operand {

        @Override
        public JsonNode value(JsonNode record) {
            return value;
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }
}
