package io.weir.core.executor;

import io.weir.core.model.InvalidDefinitionException;

/** An inclusive range of ports a task executor offers its workers, e.g. {@code 7100-7199}. */
public record PortRange(int from, int to) {

    public PortRange {
        if (from < 1 || to > 65535 || from > to) {
            throw new InvalidDefinitionException("ports: " + from + "-" + to + " (expected: FROM-TO with 1 <= FROM <= TO <= 65535)");
        }
    }

    /** Parses {@code FROM-TO}. */
    public static PortRange parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("-");
        try {
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidDefinitionException("ports: '" + text + "' (expected: FROM-TO, e.g. 7100-7199)");
    }

    /** Whether the two ranges share a port. */
    public boolean overlaps(PortRange other) {
        return from <= other.to && other.from <= to;
    }

    public int size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
