package io.weir.runtime.api;

import java.util.Objects;

/** A parameter a job accepts: its name, type, default (null when required) and a one-line description. */
public record ParameterDefinition(String name, Type type, String defaultValue, String description) {

    /** The value types a parameter may have. */
    public enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING }

    public ParameterDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static ParameterDefinition of(String name, Type type, String defaultValue, String description) {
        return new ParameterDefinition(name, type, defaultValue, description);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
