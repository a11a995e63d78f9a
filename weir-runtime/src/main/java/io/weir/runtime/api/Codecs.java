package io.weir.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The built-in codecs: UTF-8 strings, raw bytes, and JSON (Jackson) for any mappable type. */
public final class Codecs {

    private static final ObjectMapper JSON = Json.lenient();

    private Codecs() {
    }

    public static Codec<String> string() {
        return new Codec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    public static Codec<byte[]> bytes() {
        return new Codec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }

    /** JSON through Jackson; records and maps work out of the box. */
    public static <T> Codec<T> json(Class<T> type) {
        return new Codec<>() {
            @Override
            public byte[] encode(T value) {
                try {
                    return JSON.writeValueAsBytes(value);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot encode " + type.getSimpleName() + " as JSON", e);
                }
            }

            @Override
            public T decode(byte[] bytes) {
                try {
                    return JSON.readValue(bytes, type);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot decode " + type.getSimpleName() + " from JSON", e);
                }
            }
        };
    }
}
