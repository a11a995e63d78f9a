package io.weir.core.backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void delaysDoubleWithinTheJitterAndStopAtTheCap() {
        var backoff = new ExponentialBackoff(10, 1_000, 0.5);
        var random = new SplittableRandom(1);
        for (int attempt = 1; attempt <= 100; attempt++) {
            long raw = Math.min(1_000, 10L << Math.min(attempt - 1, 20));
            assertThat(backoff.delayMillis(attempt, random)).as("attempt %d", attempt).isBetween(raw / 2, raw);
        }
    }

    @Test
    void withoutJitterDelaysAreExact() {
        var backoff = new ExponentialBackoff(10, 2_000, 0);
        var random = new SplittableRandom(1);
        assertThat(backoff.delayMillis(1, random)).isEqualTo(10);
        assertThat(backoff.delayMillis(4, random)).isEqualTo(80);
        assertThat(backoff.delayMillis(Integer.MAX_VALUE, random)).isEqualTo(2_000);
    }

    @Test
    void attemptsGrowUntilReset() {
        var attempts = new ExponentialBackoff(100, 5_000, 0).attempts(new SplittableRandom(1));
        assertThat(attempts.nextDelayMillis()).isEqualTo(100);
        assertThat(attempts.nextDelayMillis()).isEqualTo(200);
        assertThat(attempts.nextDelayMillis()).isEqualTo(400);
        attempts.reset();
        assertThat(attempts.nextDelayMillis()).isEqualTo(100);
    }

    @Test
    void badSettingsNameTheValue() {
        assertThatThrownBy(() -> new ExponentialBackoff(0, 10, 0.5)).hasMessage("firstMillis: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ExponentialBackoff(10, 5, 0.5)).hasMessage("maxMillis: 5 (expected: >= firstMillis 10)");
        assertThatThrownBy(() -> new ExponentialBackoff(10, 10, 1.5)).hasMessage("jitter: 1.5 (expected: 0..1)");
    }
}
