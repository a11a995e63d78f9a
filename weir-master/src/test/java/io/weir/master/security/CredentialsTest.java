package io.weir.master.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    private static SecurityConfig config(Map<String, String> env) {
        return SecurityConfig.fromSettings(new Settings(env, new Properties()));
    }

    @Test
    void withNothingConfiguredTheSecretsAreGeneratedOnceIntoTheDataDirectory() throws Exception {
        var first = Credentials.resolve(config(Map.of()), dir);
        String admin = Files.readString(dir.resolve("secrets/admin.token")).strip();
        String read = Files.readString(dir.resolve("secrets/read.token")).strip();
        assertThat(first.users().find(admin)).isEqualTo(new Principal.User("admin.token", Role.ADMIN));
        assertThat(first.users().find(read)).isEqualTo(new Principal.User("read.token", Role.READ));
        assertThat(first.clusterSecret().matches(Files.readString(dir.resolve("secrets/cluster-secret")).strip())).isTrue();

        var again = Credentials.resolve(config(Map.of()), dir);
        assertThat(again.users().find(admin)).isNotNull();
        assertThat(again.clusterSecret().agentKey()).isEqualTo(first.clusterSecret().agentKey());
    }

    @Test
    void configuredTokensReplaceTheGeneratedOnesAndATokensFileNamesEach() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "# ops\nops-token-0123456789abc admin alice\n\nviewer-token-0123456789 read grafana\n"
                + "registrar-token-0123456789 service enricher\n");
        var c = Credentials.resolve(config(Map.of("WEIR_TOKENS_FILE", file.toString(), "WEIR_CLUSTER_SECRET", "cluster-secret-0123456789")), dir);
        assertThat(c.users().find("ops-token-0123456789abc")).isEqualTo(new Principal.User("alice", Role.ADMIN));
        assertThat(c.users().find("viewer-token-0123456789")).isEqualTo(new Principal.User("grafana", Role.READ));
        assertThat(c.users().find("registrar-token-0123456789")).isEqualTo(new Principal.User("enricher", Role.SERVICE));
        assertThat(c.users().find("ops-token-0123456789ab")).isNull();
        assertThat(Files.exists(dir.resolve("secrets/admin.token"))).isFalse();
        assertThat(Files.exists(dir.resolve("secrets/cluster-secret"))).isFalse();
    }

    @Test
    void badTokensAndSecretsStopTheMasterWithASentence() throws Exception {
        Path bad = Files.writeString(dir.resolve("tokens"), "ops-token-0123456789abc superuser alice\n");
        assertThatThrownBy(() -> Credentials.resolve(config(Map.of("WEIR_TOKENS_FILE", bad.toString())), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 1: expected '<token> <read|service|admin> <name>'");
        assertThatThrownBy(() -> Credentials.resolve(config(Map.of("WEIR_ADMIN_TOKEN", "short")), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("shorter than 16 characters");
        assertThatThrownBy(() -> Credentials.resolve(config(Map.of("WEIR_CLUSTER_SECRET", "short")), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("shorter than 16 bytes");
        assertThatThrownBy(() -> config(Map.of("WEIR_AUTH", "maybe"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected: on or off");
        assertThat(Credentials.resolve(config(Map.of("WEIR_AUTH", "off")), dir).enabled()).isFalse();
    }
}
