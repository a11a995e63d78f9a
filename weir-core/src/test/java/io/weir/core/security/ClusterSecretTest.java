package io.weir.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {

    @Test
    void theAgentKeyIsDerivedNotTheSecretAndOnlyTheSameSecretMatches() {
        var secret = ClusterSecret.of("  a-cluster-secret-0123456789\n", "test");
        assertThat(secret.matches("a-cluster-secret-0123456789")).isTrue();
        assertThat(secret.matches("a-cluster-secret-012345678")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret.agentKey()).startsWith("wa1.").doesNotContain("a-cluster-secret");
        assertThat(secret.matchesAgentKey(ClusterSecret.of("a-cluster-secret-0123456789", "t").agentKey())).isTrue();
        assertThat(secret.matchesAgentKey(ClusterSecret.of("another-cluster-secret-0123", "t").agentKey())).isFalse();
        assertThat(secret.matches(secret.agentKey())).as("the agent key cannot register an agent").isFalse();
        assertThat(secret.toString()).doesNotContain("0123456789");
    }

    @Test
    void aShortSecretIsRefusedNamingWhereItCameFrom() {
        assertThatThrownBy(() -> ClusterSecret.of("short", "WEIR_CLUSTER_SECRET"))
                .hasMessageStartingWith("WEIR_CLUSTER_SECRET: the cluster secret is shorter than 16 bytes");
    }

    @Test
    void secretFilesAreCreatedOnceOwnerOnlyAndThenRead(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("secrets");
        String first = SecretFiles.readOrCreate(secrets, SecretFiles.ADMIN_TOKEN);
        assertThat(first).hasSizeGreaterThanOrEqualTo(43);
        assertThat(SecretFiles.readOrCreate(secrets, SecretFiles.ADMIN_TOKEN)).isEqualTo(first);
        assertThat(SecretFiles.readOrCreate(secrets, SecretFiles.READ_TOKEN)).isNotEqualTo(first);
        assertThat(Files.getPosixFilePermissions(secrets)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(secrets.resolve(SecretFiles.ADMIN_TOKEN)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
