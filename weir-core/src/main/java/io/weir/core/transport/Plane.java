package io.weir.core.transport;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/** What a transport carries: requests to a service, the responses back, or a job's record streams. */
public enum Plane {
    REQUEST, RESPONSE, STREAM;

    /** The lower-case wire name, also used as the {@code plane} metric tag. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    @JsonCreator
    public static Plane of(String name) {
        Objects.requireNonNull(name, "name");
        for (Plane plane : values()) {
            if (plane.wireName().equalsIgnoreCase(name.trim())) {
                return plane;
            }
        }
        throw new IllegalArgumentException(name + " (expected: request, response or stream)");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
