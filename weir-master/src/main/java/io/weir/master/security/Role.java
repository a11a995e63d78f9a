package io.weir.master.security;

import java.util.Locale;

/** What a user token may do: {@code read} every GET and discovery stream; {@code admin} also every change. */
public enum Role {
    READ, ADMIN;

    /** Whether this role includes {@code other}. */
    public boolean covers(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role named {@code name} ({@code read} or {@code admin}), or null. */
    static Role parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "read" -> READ;
            case "admin" -> ADMIN;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
