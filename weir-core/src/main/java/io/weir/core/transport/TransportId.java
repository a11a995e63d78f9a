package io.weir.core.transport;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/** A transport's id as written in configuration and discovery: {@code tcp}, {@code http}, {@code nats}. */
public enum TransportId {
    TCP, HTTP, NATS;

    /** The lower-case wire name. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; the error lists the accepted names. */
    @JsonCreator
    public static TransportId of(String name) {
        Objects.requireNonNull(name, "name");
        for (TransportId id : values()) {
            if (id.wireName().equalsIgnoreCase(name.trim())) {
                return id;
            }
        }
        throw new IllegalArgumentException(name + " (expected: tcp, http or nats)");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
