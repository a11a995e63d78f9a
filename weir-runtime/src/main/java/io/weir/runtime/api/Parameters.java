package io.weir.runtime.api;

import io.weir.core.model.InvalidDefinitionException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A job's parameter values, checked against its definitions: typed accessors, defaults filled, unknown names refused. */
public final class Parameters {

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Checks {@code given} against {@code definitions}; the error names the parameter and the expected form. */
    public static Parameters validate(List<ParameterDefinition> definitions, Map<String, String> given) {
        var out = new HashMap<String, String>();
        var known = new HashMap<String, ParameterDefinition>();
        definitions.forEach(d -> known.put(d.name(), d));
        for (var name : given.keySet()) {
            if (!known.containsKey(name)) {
                throw new InvalidDefinitionException("parameters." + name + ": unknown parameter (expected one of " + known.keySet() + ")");
            }
        }
        for (var d : definitions) {
            String v = given.getOrDefault(d.name(), d.defaultValue());
            if (v == null) {
                throw new InvalidDefinitionException("parameters." + d.name() + ": missing (expected: " + describe(d) + ")");
            }
            check(d, v);
            out.put(d.name(), v);
        }
        return new Parameters(out);
    }

    private static void check(ParameterDefinition d, String v) {
        try {
            switch (d.type()) {
                case INT -> Integer.parseInt(v.trim());
                case LONG -> Long.parseLong(v.trim());
                case DOUBLE -> Double.parseDouble(v.trim());
                case BOOLEAN -> {
                    String b = v.trim().toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw new NumberFormatException();
                    }
                }
                case STRING -> { }
            }
        } catch (NumberFormatException e) {
            throw new InvalidDefinitionException("parameters." + d.name() + ": '" + v + "' (expected: " + describe(d) + ")");
        }
    }

    private static String describe(ParameterDefinition d) {
        return "a " + d.type().name().toLowerCase(Locale.ROOT) + (d.description() == null ? "" : ", " + d.description());
    }

    public String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter " + name + " is not declared by this job");
        }
        return v;
    }

    public int intValue(String name) {
        return Integer.parseInt(string(name).trim());
    }

    public long longValue(String name) {
        return Long.parseLong(string(name).trim());
    }

    public double doubleValue(String name) {
        return Double.parseDouble(string(name).trim());
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(string(name).trim());
    }
}
