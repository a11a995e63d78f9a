package io.weir.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobTokensTest {

    private final JobTokens tokens = new JobTokens("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenNamesItsJobAndVerifies() {
        String t = tokens.tokenFor("word-count-12");
        assertThat(t).startsWith("wj1.word-count-12.");
        assertThat(tokens.jobOf(t)).isEqualTo("word-count-12");
    }

    @Test
    void aTokenForgedForAnotherJobOrUnderAnotherSecretIsRefused() {
        String t = tokens.tokenFor("a-1");
        String sig = t.substring(t.lastIndexOf('.') + 1);
        assertThat(tokens.jobOf("wj1.b-1." + sig)).isNull();
        var other = new JobTokens("another-secret-of-16-bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(other.jobOf(t)).isNull();
        assertThat(tokens.jobOf(null)).isNull();
        assertThat(tokens.jobOf("wj1.")).isNull();
        assertThat(tokens.jobOf("Bearer " + t)).isNull();
    }

    @Test
    void sameComparesWholeTokens() {
        assertThat(JobTokens.same("abc", "abc")).isTrue();
        assertThat(JobTokens.same("abc", "abd")).isFalse();
        assertThat(JobTokens.same("abc", null)).isFalse();
    }

    @Test
    void aSinkTokenIsDerivedFromTheJobTokenAloneAndDiffersPerJobAndSecret() {
        String jobToken = tokens.tokenFor("word-count-12");
        String sink = JobTokens.sinkToken(jobToken);
        assertThat(sink).startsWith("ws1.word-count-12.").isEqualTo(JobTokens.sinkToken(jobToken));
        assertThat(sink.substring(sink.lastIndexOf('.') + 1)).matches("[A-Za-z0-9_-]{43}");
        assertThat(JobTokens.sinkToken(tokens.tokenFor("word-count-13"))).isNotEqualTo(sink);
        var other = new JobTokens("another-secret-of-16-bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(JobTokens.sinkToken(other.tokenFor("word-count-12"))).isNotEqualTo(sink);
        assertThat(tokens.jobOf(sink)).as("a sink token is no job token").isNull();
    }

    @Test
    void aSinkTokenNeedsAJobToken() {
        assertThatThrownBy(() -> JobTokens.sinkToken("ws1.a.b")).hasMessageContaining("not a job token");
        assertThatThrownBy(() -> JobTokens.sinkToken(null)).hasMessageContaining("not a job token");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new JobTokens(new byte[8])).hasMessageContaining("at least 16 bytes");
    }
}
