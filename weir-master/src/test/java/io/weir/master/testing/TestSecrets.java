package io.weir.master.testing;

import io.weir.master.security.SecurityConfig;
import java.util.Map;

/** The secrets every test master runs with, so tests run with authentication on as production does. */
public final class TestSecrets {

    public static final String CLUSTER_SECRET = "test-cluster-secret-0123456789";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String READ_TOKEN = "test-read-token-0123456789";

    private TestSecrets() {
    }

    /** A master's security settings with these secrets. */
    public static SecurityConfig config() {
        return SecurityConfig.of(CLUSTER_SECRET, ADMIN_TOKEN, READ_TOKEN);
    }

    /**
     * The environment of a {@code weir} process: the master's secrets and tokens, the agents' cluster secret, the CLI's
     * admin token.
     */
    public static Map<String, String> env() {
        return Map.of("WEIR_CLUSTER_SECRET", CLUSTER_SECRET, "WEIR_ADMIN_TOKEN", ADMIN_TOKEN, "WEIR_READ_TOKEN", READ_TOKEN,
                "WEIR_TOKEN", ADMIN_TOKEN);
    }
}
