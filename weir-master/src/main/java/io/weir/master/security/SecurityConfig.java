package io.weir.master.security;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the master authenticates callers, as configured; unset secrets are generated into {@code <dataDir>/secrets/}
 * (see {@link Credentials#resolve}).
 *
 * @param enabled           false only with {@code WEIR_AUTH=off} (development: everyone may do everything)
 * @param clusterSecret     {@code WEIR_CLUSTER_SECRET}, or null
 * @param clusterSecretFile {@code WEIR_CLUSTER_SECRET_FILE}, or null
 * @param tokensFile        {@code WEIR_TOKENS_FILE}: lines {@code <token> <read|service|admin> <name>}, or null
 * @param adminToken        {@code WEIR_ADMIN_TOKEN}, or null
 * @param readToken         {@code WEIR_READ_TOKEN}, or null
 */
public record SecurityConfig(boolean enabled, String clusterSecret, Path clusterSecretFile, Path tokensFile, String adminToken,
                             String readToken) {

    /** Authentication on, everything generated at first start. */
    public static final SecurityConfig DEFAULTS = new SecurityConfig(true, null, null, null, null, null);

    /** Authentication off. */
    public static final SecurityConfig OFF = new SecurityConfig(false, null, null, null, null, null);

    /** Authentication on with these secrets (null: generated). */
    public static SecurityConfig of(String clusterSecret, String adminToken, String readToken) {
        return new SecurityConfig(true, clusterSecret, null, null, adminToken, readToken);
    }

    public static SecurityConfig fromSettings(Settings s) {
        String auth = s.string("WEIR_AUTH", "on").toLowerCase(Locale.ROOT);
        if (!auth.equals("on") && !auth.equals("off")) {
            throw new ConfigException("WEIR_AUTH: '" + auth + "' (expected: on or off)");
        }
        return new SecurityConfig(auth.equals("on"), s.get("WEIR_CLUSTER_SECRET"), path(s, "WEIR_CLUSTER_SECRET_FILE"),
                path(s, "WEIR_TOKENS_FILE"), s.get("WEIR_ADMIN_TOKEN"), s.get("WEIR_READ_TOKEN"));
    }

    private static Path path(Settings s, String variable) {
        String v = s.get(variable);
        return v == null || v.isBlank() ? null : Path.of(v);
    }
}
