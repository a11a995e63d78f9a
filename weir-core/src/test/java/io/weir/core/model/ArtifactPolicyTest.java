package io.weir.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ArtifactPolicyTest {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private final ArtifactPolicy policy = new ArtifactPolicy(List.of("https://repo.example.com/jobs/", "file:/opt/weir/jobs/"), true);

    @Test
    void remoteArtifactsMustBeUnderAnAllowedPrefixAfterNormalisation() {
        assertThat(policy.problem("https://repo.example.com/jobs/a.jar", SHA)).isNull();
        assertThat(policy.problem("HTTPS://repo.example.com/jobs/a.jar", SHA)).isNull();
        assertThat(policy.problem("https://repo.example.com/jobs/../admin/a.jar", SHA)).contains("not under an allowed prefix");
        assertThat(policy.problem("https://repo.example.com/jobs/%2e%2e/a.jar", SHA)).contains("not a valid URL");
        assertThat(policy.problem("https://repo.example.com.evil.com/jobs/a.jar", SHA)).contains("not under an allowed prefix");
        assertThat(policy.problem("https://user@repo.example.com/jobs/a.jar", SHA)).contains("not a valid URL");
        assertThat(ArtifactPolicy.DEFAULT.problem("https://repo.example.com/jobs/a.jar", SHA))
                .contains("WEIR_ARTIFACT_ALLOWED_PREFIXES is empty");
    }

    @Test
    void localArtifactsAreConfinedOnlyWhenAFilePrefixIsListed() {
        assertThat(policy.problem("/opt/weir/jobs/a.jar", SHA)).isNull();
        assertThat(policy.problem("file:/opt/weir/jobs/sub/a.jar", SHA)).isNull();
        assertThat(policy.problem("/opt/weir/jobs/../../../etc/a.jar", SHA)).contains("not under an allowed prefix");
        assertThat(policy.problem("/tmp/a.jar", SHA)).contains("not under an allowed prefix");
        assertThat(ArtifactPolicy.DEFAULT.problem("/tmp/a.jar", SHA)).isNull();
        assertThat(ArtifactPolicy.DEFAULT.problem("ftp://host/a.jar", SHA)).contains("unsupported scheme");
    }

    @Test
    void theShaIsRequiredAndWellFormedUnlessOptedOut() {
        assertThat(policy.problem("/opt/weir/jobs/a.jar", null)).startsWith("artifactSha256: missing");
        assertThat(policy.problem("/opt/weir/jobs/a.jar", "abc")).startsWith("artifactSha256: 'abc' (expected: 64 hex digits");
        assertThat(policy.withRequireSha256(false).problem("/opt/weir/jobs/a.jar", null)).isNull();
        assertThat(policy.problem(null, null)).isNull();
        assertThat(policy.problem(null, SHA)).startsWith("artifactSha256: given without an artifact");
    }

    @Test
    void settingsAreReadAndPrefixesValidated() {
        var s = new Settings(Map.of("WEIR_ARTIFACT_ALLOWED_PREFIXES", " https://a.example/x/ , file:/srv/jobs/",
                "WEIR_ARTIFACT_REQUIRE_SHA256", "false"), new Properties());
        assertThat(ArtifactPolicy.fromSettings(s)).isEqualTo(new ArtifactPolicy(List.of("https://a.example/x/", "file:/srv/jobs/"), false));
        assertThat(ArtifactPolicy.fromSettings(Settings.empty())).isEqualTo(ArtifactPolicy.DEFAULT);
        assertThatThrownBy(() -> new ArtifactPolicy(List.of("https://a.example"), true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ending in '/'");
        assertThatThrownBy(() -> new ArtifactPolicy(List.of("ftp://a.example/"), true)).isInstanceOf(ConfigException.class);
    }

    @Test
    void aJarStoredOnTheMasterIsNamedByItsDigestAndNeedsNoPrefix() {
        String sha = "ab".repeat(32);
        assertThat(ArtifactPolicy.DEFAULT.problem("master:" + sha, null)).isNull();
        assertThat(ArtifactPolicy.DEFAULT.problem("master:" + sha, sha.toUpperCase(java.util.Locale.ROOT))).isNull();
        assertThat(ArtifactPolicy.DEFAULT.problem("master:" + sha, "cd".repeat(32))).contains("differs from the digest in artifact");
        assertThat(ArtifactPolicy.DEFAULT.problem("master:abc", null)).contains("expected: master:<64 hex digits>");
        assertThat(ArtifactPolicy.storedDigest("MASTER:" + sha.toUpperCase(java.util.Locale.ROOT))).isEqualTo(sha);
        assertThat(ArtifactPolicy.storedDigest("https://repo.example.com/jobs/a.jar")).isNull();
    }
}
