package io.weir.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.stream.Collectors;

/** Turns Jackson's parse failures into one sentence that names the field and the fix, without internals. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof io.weir.core.model.InvalidDefinitionException invalid) {
            return invalid.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u, u.getPropertyName());
            String hint = closest(u.getPropertyName(), u.getKnownPropertyIds());
            return "unknown field '" + field + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)");
        }
        if (e instanceof InvalidNullException n) {
            return where(n) + ": null (expected: " + expected(n.getTargetType()) + ")";
        }
        if (e instanceof ValueInstantiationException v) {
            return cannotConstruct(v);
        }
        if (e instanceof InvalidFormatException f) {
            String type = f.getTargetType() == null ? "value" : simpleType(f.getTargetType());
            if (f.getValue() instanceof Number && type.equals("number")) {
                return path(f, null) + ": " + f.getValue() + " (expected: a whole number)";
            }
            return path(f, null) + ": '" + f.getValue() + "' is not a valid " + type;
        }
        if (e instanceof MismatchedInputException m) {
            String found = m.getOriginalMessage() != null && m.getOriginalMessage().startsWith("Cannot map `null`")
                    ? "null or missing" : "wrong type";
            return where(m) + ": " + found + " (expected: " + expected(m.getTargetType()) + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return path(m, null) + ": " + firstLine(m.getOriginalMessage());
        }
        var loc = e.getLocation();
        return "malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                + ": " + firstLine(e.getOriginalMessage());
    }

    /** A constructor refused the values: a required one was null, or the value was out of its domain. */
    private static String cannotConstruct(ValueInstantiationException v) {
        Throwable cause = v.getCause();
        String where = where(v);
        if (cause instanceof NullPointerException npe && npe.getMessage() != null && npe.getMessage().matches("[A-Za-z]+")) {
            return (where.equals("body") ? "" : where + ".") + npe.getMessage() + ": missing (expected: a value)";
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            String message = firstLine(cause.getMessage());
            return message.matches("[A-Za-z]+: .*") ? (where.equals("body") ? "" : where + ".") + message : where + ": " + message;
        }
        return where + ": not a valid " + (v.getType() == null ? "value" : simpleType(v.getType().getRawClass()));
    }

    private static String where(JsonMappingException e) {
        String p = path(e, null);
        return p.isEmpty() ? "body" : p;
    }

    /** What a value of {@code type} looks like, for "(expected: ...)". */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        String simple = simpleType(type);
        return (simple.startsWith("o") || simple.startsWith("a") ? "an " : "a ") + simple;
    }

    private static String simpleType(Class<?> type) {
        if (type.isEnum()) {
            return "value; one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "object";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String path(JsonMappingException e, String leaf) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
        if (leaf != null && !p.endsWith(leaf)) {
            p = p.isEmpty() ? leaf : p + "." + leaf;
        }
        return p;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The known name nearest to {@code name} by edit distance, when it is close enough to be a typo. */
    static String closest(String name, Collection<Object> known) {
        if (name == null || known == null) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object k : known) {
            String candidate = String.valueOf(k);
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
