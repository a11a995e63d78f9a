package io.weir.master.security;

import java.util.Locale;

/**
 * What a user token may do: {@code read} every GET and discovery stream; {@code service} also register, heartbeat and
 * deregister service instances; {@code admin} also every change.
 */
public enum Role {
    READ, SERVICE, ADMIN;

    /** Whether this role includes {@code other}. */
    public boolean covers(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role named {@code name} ({@code read}, {@code service} or {@code admin}), or null. */
    static Role parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "read" -> READ;
            case "service" -> SERVICE;
            case "admin" -> ADMIN;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
