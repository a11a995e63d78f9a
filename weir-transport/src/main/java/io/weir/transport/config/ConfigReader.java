package io.weir.transport.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads {@code WEIR_*} values: a property named like the variable, lower-case with dots
 * ({@code weir.tcp.pool.max.per.target}) overrides the environment. Collects every problem so one run
 * reports them all. Single-use, one thread.
 */
final class ConfigReader {

    private final Map<String, String> env;
    private final Properties properties;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Map<String, String> env, Properties properties) {
        this.env = env;
        this.properties = properties;
    }

    static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    String raw(String variable) {
        String value = properties.getProperty(propertyName(variable));
        if (value == null) {
            value = env.get(variable);
        }
        return value == null ? null : value.trim();
    }

    String string(String variable, String defaultValue) {
        String value = raw(variable);
        if (value != null && value.isEmpty()) {
            problem(variable, value, "a non-empty value");
            return defaultValue;
        }
        return value == null ? defaultValue : value;
    }

    int integer(String variable, int defaultValue, int min, int max) {
        String value = raw(variable);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problem(variable, value, range(min, max));
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problem(variable, value, "an integer, " + range(min, max));
            return defaultValue;
        }
    }

    boolean bool(String variable, boolean defaultValue) {
        String value = raw(variable);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problem(variable, value, "true or false");
                yield defaultValue;
            }
        };
    }

    <T> T choice(String variable, T defaultValue, Map<String, T> choices) {
        String value = raw(variable);
        if (value == null) {
            return defaultValue;
        }
        T chosen = choices.get(value.toLowerCase(Locale.ROOT));
        if (chosen == null) {
            problem(variable, value, "one of " + String.join(", ", choices.keySet()));
            return defaultValue;
        }
        return chosen;
    }

    <T> T parsed(String variable, T defaultValue, Function<String, T> parser, String expected) {
        String value = raw(variable);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            problem(variable, value, expected);
            return defaultValue;
        }
    }

    void problem(String variable, String value, String expected) {
        problems.add(variable + ": " + value + " (expected: " + expected + ")");
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    private static String range(int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return min == 1 ? "> 0" : ">= " + min;
        }
        return min + ".." + max;
    }
}
