package io.weir.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.model.ArtifactPolicy;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MasterConfigTest {

    @Test
    void theBindAddressComesFromWeirMasterBindThenTheOlderWeirMasterHost() {
        assertThat(MasterConfig.fromSettings(Settings.empty()).host()).isEqualTo("0.0.0.0");
        assertThat(config(Map.of("WEIR_MASTER_HOST", "127.0.0.1")).host()).isEqualTo("127.0.0.1");
        assertThat(config(Map.of("WEIR_MASTER_HOST", "127.0.0.1", "WEIR_MASTER_BIND", "10.0.0.1")).host()).isEqualTo("10.0.0.1");
        assertThat(MasterConfig.fromSettings(Settings.empty()).withHost("127.0.0.1").host()).isEqualTo("127.0.0.1");
    }

    @Test
    void limitsAndTheArtifactPolicyHaveSafeDefaultsAndAreRead() {
        var d = MasterConfig.fromSettings(Settings.empty());
        assertThat(d.maxClusters()).isEqualTo(10_000);
        assertThat(d.resources().maxClusters()).isEqualTo(100);
        assertThat(d.artifacts()).isEqualTo(ArtifactPolicy.DEFAULT);
        var c = config(Map.of("WEIR_MAX_CLUSTERS", "5", "WEIR_MAX_RESOURCE_CLUSTERS", "3",
                "WEIR_ARTIFACT_ALLOWED_PREFIXES", "https://r.example/jobs/", "WEIR_ARTIFACT_REQUIRE_SHA256", "false"));
        assertThat(c.maxClusters()).isEqualTo(5);
        assertThat(c.resources().maxClusters()).isEqualTo(3);
        assertThat(c.artifacts()).isEqualTo(new ArtifactPolicy(List.of("https://r.example/jobs/"), false));
        assertThatThrownBy(() -> config(Map.of("WEIR_MAX_CLUSTERS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WEIR_MAX_CLUSTERS");
    }

    @Test
    void registrySettingsHaveTheDocumentedDefaultsAndBadValuesAreReportedAtStart() {
        var d = MasterConfig.fromSettings(Settings.empty()).registry();
        assertThat(d).isEqualTo(new io.weir.master.registry.RegistryConfig(5_000, 600_000, 5, 2_000, 10_000));
        var c = config(Map.of("WEIR_SERVICE_LEASE_TTL_MS", "2000", "WEIR_SERVICE_FORGET_MS", "0", "WEIR_SERVICE_WATCH_COALESCE_MS", "1",
                "WEIR_SERVICE_WATCH_HEARTBEAT_MS", "500", "WEIR_MAX_SERVICE_INSTANCES", "7")).registry();
        assertThat(c).isEqualTo(new io.weir.master.registry.RegistryConfig(2_000, 0, 1, 500, 7));
        assertThatThrownBy(() -> config(Map.of("WEIR_SERVICE_LEASE_TTL_MS", "100"))).isInstanceOf(ConfigException.class)
                .hasMessage("WEIR_SERVICE_LEASE_TTL_MS: 100 (expected: 500..300000)");
        assertThatThrownBy(() -> config(Map.of("WEIR_MAX_SERVICE_INSTANCES", "lots"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WEIR_MAX_SERVICE_INSTANCES: 'lots'");
        assertThatThrownBy(() -> config(Map.of("WEIR_SERVICE_WATCH_HEARTBEAT_MS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WEIR_SERVICE_WATCH_HEARTBEAT_MS: 0");
    }

    private static MasterConfig config(Map<String, String> env) {
        return MasterConfig.fromSettings(new Settings(env, new Properties()));
    }
}
