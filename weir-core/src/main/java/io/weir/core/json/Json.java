package io.weir.core.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Builds Weir's JSON mappers: strict ones for requests (unknown fields rejected), lenient ones for reading peers. */
public final class Json {

    private Json() {
    }

    /**
     * A mapper for definitions and requests users write by hand: unknown fields, null elements of lists and maps, and
     * fractions where whole numbers belong are rejected.
     */
    public static ObjectMapper strict() {
        return refusingNulls(base()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** Like {@link #strict()} but ignoring unknown fields, for requests from peers that may be newer than this process. */
    public static ObjectMapper lenientRequests() {
        return refusingNulls(base()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** A mapper that ignores unknown fields, for reading what newer peers may send (Weir adds fields, never renames). */
    public static ObjectMapper lenient() {
        return base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    private static JsonMapper.Builder refusingNulls(JsonMapper.Builder builder) {
        return builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }
}
