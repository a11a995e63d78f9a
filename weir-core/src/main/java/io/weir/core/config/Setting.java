package io.weir.core.config;

import java.util.Objects;

/**
 * One {@code WEIR_*} setting as users see it: the variable, which process reads it, its default (as a user would write
 * it, or what happens when unset), its unit (empty when it has none) and what it does.
 */
public record Setting(String name, Scope scope, String defaultValue, String unit, String description) {

    /** The process that reads a setting, in the order the reference lists them. */
    public enum Scope {
        MASTER("Master"),
        SECURITY("Security (master, agents, workers, CLI)"),
        AGENT("Agent"),
        WORKER("Workers (set on the agent; its workers inherit them)"),
        TRANSPORT("Service transports (workers and clients)"),
        CLI("Command line");

        private final String title;

        Scope(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public Setting {
        Objects.requireNonNull(name, "name");
        if (!name.matches("WEIR_[A-Z0-9_]+")) {
            throw new IllegalArgumentException("name: " + name + " (expected: WEIR_ and capitals, digits, _)");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
    }
}
