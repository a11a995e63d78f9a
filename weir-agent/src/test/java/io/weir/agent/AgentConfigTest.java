package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.executor.PortRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @Test
    void defaultsNeedOnlyTheMaster() {
        var c = AgentConfig.of("http://master:8100/");
        assertThat(c.masterUrl()).isEqualTo("http://master:8100");
        assertThat(c.id()).isNull();
        assertThat(c.cluster()).isEqualTo("default");
        assertThat(c.ports()).as("claimed at start").isNull();
        assertThat(c.heartbeatIntervalMillis()).isEqualTo(1000);
        assertThat(c.maxFailedHeartbeats()).isEqualTo(3);
        assertThat(c.port()).isZero();
        assertThat(c.cpuCores()).isPositive();
        assertThat(c.memoryMB()).isPositive();
    }

    @Test
    void readsWeirAgentVariablesAndPropertiesWin() {
        var props = new Properties();
        props.setProperty("weir.agent.cluster", "gpu");
        var s = new Settings(Map.of("WEIR_AGENT_MASTER_URL", "http://m:1", "WEIR_AGENT_CLUSTER", "ignored",
                "WEIR_AGENT_CPU", "0.5", "WEIR_AGENT_MEMORY_MB", "2048", "WEIR_AGENT_PORTS", "9000-9009",
                "WEIR_AGENT_ATTRIBUTES", "zone=a, rack=r1", "WEIR_AGENT_HEARTBEAT_INTERVAL_MILLIS", "250",
                "WEIR_AGENT_ID", "a-1", "WEIR_CLUSTER_SECRET", "a-cluster-secret-of-enough-bytes"), props);
        var c = AgentConfig.fromSettings(s, null);
        assertThat(c.masterUrl()).isEqualTo("http://m:1");
        assertThat(c.cluster()).isEqualTo("gpu");
        assertThat(c.cpuCores()).isEqualTo(0.5);
        assertThat(c.memoryMB()).isEqualTo(2048);
        assertThat(c.ports()).isEqualTo(new PortRange(9000, 9009));
        assertThat(c.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "a", "rack", "r1"));
        assertThat(c.heartbeatIntervalMillis()).isEqualTo(250);
        assertThat(c.id()).isEqualTo("a-1");
        assertThat(AgentConfig.fromSettings(s, "http://flag:2").masterUrl()).isEqualTo("http://flag:2");
        assertThat(c.secret().matches("a-cluster-secret-of-enough-bytes")).isTrue();
    }

    @Test
    void theClusterSecretComesFromTheVariableOrItsFileAndWithoutOneTheAgentDoesNotStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster-secret");
        Files.writeString(file, "secret-from-a-file-0123456789\n");
        var fromFile = AgentConfig.fromSettings(new Settings(Map.of("WEIR_CLUSTER_SECRET_FILE", file.toString()), new Properties()), "http://m:1");
        assertThat(fromFile.secret().matches("secret-from-a-file-0123456789")).isTrue();

        assertThatThrownBy(() -> AgentConfig.fromSettings(new Settings(Map.of("WEIR_CLUSTER_SECRET_FILE", dir.resolve("none").toString()),
                new Properties()), "http://m:1")).isInstanceOf(ConfigException.class).hasMessageContaining("WEIR_CLUSTER_SECRET_FILE");
        assertThatThrownBy(() -> AgentConfig.fromSettings(new Settings(Map.of("WEIR_CLUSTER_SECRET", "short"), new Properties()),
                "http://m:1")).isInstanceOf(ConfigException.class).hasMessageContaining("shorter than 16 bytes");
        assertThat(AgentConfig.fromSettings(new Settings(Map.of("WEIR_AUTH", "off"), new Properties()), "http://m:1").secret()).isNull();
    }

    @Test
    void theBindAddressIsSeparateFromTheAdvertisedHost() {
        var base = AgentConfig.of("http://m:1");
        assertThat(base.withHost("127.0.0.1").bindAddress()).isEqualTo("127.0.0.1");
        assertThat(base.withHost("10.1.2.3").bindAddress()).isEqualTo("0.0.0.0");
        assertThat(base.withHost("10.1.2.3").withBindHost("10.1.2.3").bindAddress()).isEqualTo("10.1.2.3");
        var s = new Settings(Map.of("WEIR_AGENT_MASTER_URL", "http://m:1", "WEIR_AGENT_HOST", "agent.example.com",
                "WEIR_AGENT_BIND", "192.168.0.5", "WEIR_AGENT_BIND_HOST", "ignored", "WEIR_AGENT_MAX_REQUEST_BYTES", "4096",
                "WEIR_ARTIFACT_MAX_BYTES", "1000", "WEIR_ARTIFACT_ALLOWED_PREFIXES", "https://r.example/j/", "WEIR_AUTH", "off"), new Properties());
        var c = AgentConfig.fromSettings(s, null);
        assertThat(c.host()).isEqualTo("agent.example.com");
        assertThat(c.bindAddress()).isEqualTo("192.168.0.5");
        assertThat(c.maxRequestBytes()).isEqualTo(4096);
        assertThat(c.artifacts().maxBytes()).isEqualTo(1000);
        assertThat(c.artifacts().policy().allowedPrefixes()).containsExactly("https://r.example/j/");
        assertThat(AgentConfig.fromSettings(new Settings(Map.of("WEIR_AGENT_MASTER_URL", "http://m:1", "WEIR_AGENT_BIND_HOST", "127.0.0.2", "WEIR_AUTH", "off"),
                new Properties()), null).bindAddress()).as("the older name still works").isEqualTo("127.0.0.2");
    }

    @Test
    void badValuesNameTheFieldAndWhatIsExpected() {
        var c = AgentConfig.of("http://m:1");
        assertThatThrownBy(() -> AgentConfig.of("master:8100")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("masterUrl: 'master:8100' (expected: http://HOST:PORT");
        assertThatThrownBy(() -> c.withHeartbeat(0, 3)).hasMessage("heartbeatIntervalMillis: 0 (expected: > 0)");
        assertThatThrownBy(() -> c.withResources(0, 10)).hasMessage("cpuCores: 0.0 (expected: > 0)");
        assertThatThrownBy(() -> c.withCluster("a b")).hasMessageContaining("cluster: 'a b'");
        assertThatThrownBy(() -> AgentConfig.ports("7100")).isInstanceOf(ConfigException.class).hasMessageContaining("FROM-TO");
        assertThatThrownBy(() -> AgentConfig.attributes("zone")).hasMessageContaining("expected: k=v");
        assertThatThrownBy(() -> AgentConfig.fromSettings(Settings.empty(), null)).hasMessageContaining("--master");
        assertThatThrownBy(() -> AgentConfig.fromSettings(new Settings(Map.of("WEIR_AGENT_CPU", "lots"), new Properties()), "http://m:1"))
                .hasMessageContaining("WEIR_AGENT_CPU: 'lots'");
    }
}
