package io.weir.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Reads configuration by variable name, e.g. {@code WEIR_STORE_URL}: a Java system property of the same name lower-cased
 * with dots ({@code weir.store.url}) wins over the environment variable. Bad values fail with a message naming the variable.
 */
public final class Settings {

    private final Map<String, String> env;
    private final Properties properties;

    public Settings(Map<String, String> env, Properties properties) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.properties = (Properties) properties.clone();
    }

    /** Settings from this process's environment and system properties. */
    public static Settings fromProcess() {
        return new Settings(System.getenv(), System.getProperties());
    }

    /** Settings with nothing set, for tests and embedding. */
    public static Settings empty() {
        return new Settings(Map.of(), new Properties());
    }

    public static String propertyName(String variable) {
        return variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    /** The raw value, or null when unset or blank. */
    public String get(String variable) {
        String v = properties.getProperty(propertyName(variable));
        if (v == null) {
            v = env.get(variable);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String string(String variable, String fallback) {
        String v = get(variable);
        return v == null ? fallback : v;
    }

    public long longValue(String variable, long fallback, long min) {
        String v = get(variable);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + ": '" + v + "' (expected: a whole number >= " + min + ")");
        }
        if (n < min) {
            throw new ConfigException(variable + ": " + n + " (expected: >= " + min + ")");
        }
        return n;
    }

    public int intValue(String variable, int fallback, int min, int max) {
        long n = longValue(variable, fallback, min);
        if (n > max) {
            throw new ConfigException(variable + ": " + n + " (expected: <= " + max + ")");
        }
        return (int) n;
    }

    public boolean bool(String variable, boolean fallback) {
        String v = get(variable);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(variable + ": '" + v + "' (expected: true or false)");
        };
    }

    /** A comma-separated list of whole numbers, each >= {@code min}, e.g. {@code 0,1,2,5}. */
    public List<Long> longList(String variable, List<Long> fallback, long min) {
        String v = get(variable);
        if (v == null) {
            return fallback;
        }
        var out = new ArrayList<Long>();
        for (String part : v.split(",")) {
            try {
                long n = Long.parseLong(part.trim());
                if (n < min) {
                    throw new NumberFormatException();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + ": '" + v + "' (expected: comma-separated whole numbers >= " + min + ", e.g. 0,1,2,5)");
            }
        }
        return List.copyOf(out);
    }

    public <E extends Enum<E>> E enumValue(String variable, Class<E> type, E fallback) {
        String v = get(variable);
        if (v == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new ConfigException(variable + ": '" + v + "' (expected: one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
