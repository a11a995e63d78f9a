package io.weir.mql;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code sample {"strategy": "RANDOM", "threshold": 200}}: keeps {@code threshold} out of {@code factor} (default
 * 10000) records, at random or, {@code STICKY}, by a hash of the top-level {@code keys} (plus {@code salt}), so
 * records with equal key values are all kept or all dropped.
 */
final class Sampler {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES).build();
    private static final int DEFAULT_FACTOR = 10_000;
    private static final int MAX_KEYS = 16;

    private final int threshold;
    private final int factor;
    private final String[] keys;
    private final int salt;

    private Sampler(int threshold, int factor, String[] keys, int salt) {
        this.threshold = threshold;
        this.factor = factor;
        this.keys = keys;
        this.salt = salt;
    }

    /** Whether {@code record} is in the sample. */
    boolean test(JsonNode record) {
        if (keys == null) {
            return ThreadLocalRandom.current().nextInt(factor) < threshold;
        }
        int h = salt;
        for (String key : keys) {
            JsonNode v = record.get(key);
            h = 31 * h + (v == null ? 0 : v.isTextual() ? v.textValue().hashCode() : v.hashCode());
        }
        h *= 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), factor) < threshold;
    }

    /** Compiles the sampling object {@code t}; throws {@link MqlException} naming what is wrong with it. */
    static Sampler parse(Token t) {
        JsonNode config;
        try {
            config = LENIENT.readTree(t.value());
        } catch (Exception e) {
            throw bad(t, "is not JSON");
        }
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("strategy", "threshold", "factor", "keys", "salt").contains(name)) {
                throw bad(t, "has an unknown field " + Lexer.shown(name));
            }
        }
        JsonNode strategy = config.get("strategy");
        String s = strategy != null && strategy.isTextual() ? strategy.textValue().toUpperCase(Locale.ROOT) : "";
        if (!s.equals("RANDOM") && !s.equals("STICKY")) {
            throw bad(t, "needs a strategy, RANDOM or STICKY");
        }
        int factor = integer(t, config.get("factor"), DEFAULT_FACTOR, 1, Integer.MAX_VALUE, "factor");
        int threshold = integer(t, config.get("threshold"), -1, 0, factor, "threshold");
        if (threshold < 0) {
            throw bad(t, "needs a threshold, 0 to " + factor);
        }
        int salt = integer(t, config.get("salt"), 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "salt");
        return new Sampler(threshold, factor, s.equals("STICKY") ? keys(t, config.get("keys")) : null, salt);
    }

    private static String[] keys(Token t, JsonNode keys) {
        if (keys == null || !keys.isArray() || keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw bad(t, "with strategy STICKY needs keys, a list of 1 to " + MAX_KEYS + " field names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode k : keys) {
            if (!k.isTextual()) {
                throw bad(t, "has keys that are not all field names");
            }
            names.add(k.textValue());
        }
        return names.toArray(String[]::new);
    }

    private static int integer(Token t, JsonNode v, int absent, int min, int max, String name) {
        if (v == null) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw bad(t, "has " + name + " " + v + ", not an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static MqlException bad(Token t, String problem) {
        return new MqlException("mql: sampling object " + Lexer.shown(t.value()) + " at " + t.position() + " " + problem
                + " (expected: e.g. {\"strategy\": \"RANDOM\", \"threshold\": 200} or {\"strategy\": \"STICKY\","
                + " \"keys\": [\"id\"], \"threshold\": 200}, threshold out of factor, default 10000)", t.position());
    }
}
