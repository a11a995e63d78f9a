package io.weir.master.security;

import io.weir.core.config.ConfigException;
import io.weir.core.security.ClusterSecret;
import io.weir.core.security.JobTokens;
import io.weir.core.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets a master runs with: the cluster secret (null when authentication is off) and the user tokens. What is not
 * configured is read from, or generated into, {@code <dataDir>/secrets/}.
 */
public record Credentials(ClusterSecret clusterSecret, UserTokens users) {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    public boolean enabled() {
        return clusterSecret != null;
    }

    /** The job tokens derived from the cluster secret; null when authentication is off. */
    public JobTokens jobTokens() {
        return enabled() ? clusterSecret.jobTokens() : null;
    }

    /** Resolves {@code config}, generating missing secrets under {@code dataDir} and logging where they are. */
    public static Credentials resolve(SecurityConfig config, Path dataDir) {
        if (!config.enabled()) {
            log.warn("Authentication is off (WEIR_AUTH=off): anyone who reaches this master's port may do anything");
            return new Credentials(null, UserTokens.none());
        }
        Path dir = SecretFiles.dir(dataDir).toAbsolutePath();
        var secret = clusterSecret(config, dir);
        var users = UserTokens.none();
        if (config.tokensFile() != null) {
            users = users.withFile(config.tokensFile());
        }
        if (config.adminToken() != null) {
            users = users.with(config.adminToken(), Role.ADMIN, "WEIR_ADMIN_TOKEN");
        }
        if (config.readToken() != null) {
            users = users.with(config.readToken(), Role.READ, "WEIR_READ_TOKEN");
        }
        if (users.isEmpty()) {
            users = users.with(SecretFiles.readOrCreate(dir, SecretFiles.ADMIN_TOKEN), Role.ADMIN, "admin.token")
                    .with(SecretFiles.readOrCreate(dir, SecretFiles.READ_TOKEN), Role.READ, "read.token");
            log.info("Authentication is on. Admin token: {}, read-only token: {}. Use one with: "
                    + "export WEIR_TOKEN=$(cat {}) (the weir command and curl -H \"Authorization: Bearer $WEIR_TOKEN\")",
                    dir.resolve(SecretFiles.ADMIN_TOKEN), dir.resolve(SecretFiles.READ_TOKEN), dir.resolve(SecretFiles.ADMIN_TOKEN));
        } else {
            log.info("Authentication is on, with the configured tokens");
        }
        return new Credentials(secret, users);
    }

    private static ClusterSecret clusterSecret(SecurityConfig config, Path dir) {
        try {
            if (config.clusterSecret() != null) {
                return ClusterSecret.of(config.clusterSecret(), "WEIR_CLUSTER_SECRET");
            }
            if (config.clusterSecretFile() != null) {
                return ClusterSecret.of(read(config.clusterSecretFile()), "WEIR_CLUSTER_SECRET_FILE " + config.clusterSecretFile());
            }
            Path file = dir.resolve(SecretFiles.CLUSTER_SECRET);
            var secret = ClusterSecret.of(SecretFiles.readOrCreate(dir, SecretFiles.CLUSTER_SECRET), file.toString());
            log.info("Cluster secret: {}; start agents with WEIR_CLUSTER_SECRET_FILE={}", file, file);
            return secret;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return SecretFiles.read(file);
        } catch (IOException e) {
            throw new ConfigException("WEIR_CLUSTER_SECRET_FILE: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }
}
