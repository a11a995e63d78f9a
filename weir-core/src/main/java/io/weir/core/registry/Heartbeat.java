package io.weir.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lease renewal: the instance's health now and optional figures (for example records per second). Either may be
 * null: the instance's last value stays.
 */
public record Heartbeat(InstanceHealth health, Map<String, Double> figures) {

    public static final int MAX_FIGURES = 32;

    /** Every reason this heartbeat cannot be accepted, each a sentence naming the field; empty when valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (health != null && health.reason() != null && health.reason().length() > Registration.MAX_METADATA_CHARS) {
            out.add("health.reason: " + health.reason().length() + " chars (expected: at most " + Registration.MAX_METADATA_CHARS + ")");
        }
        if (figures != null) {
            if (figures.size() > MAX_FIGURES) {
                out.add("figures: " + figures.size() + " entries (expected: at most " + MAX_FIGURES + ")");
            }
            figures.forEach((k, v) -> {
                if (k.length() > 128 || v == null || v.isNaN() || v.isInfinite()) {
                    out.add("figures: entry '" + k + "' (expected: a key of at most 128 chars and a finite number)");
                }
            });
        }
        return out;
    }
}
