package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void defaultFirstRetryIsUnderFiftyMillis() {
        Backoff backoff = new Backoff(ReconcileSettings.defaults(), new SplittableRandom(1));
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delayMillis(1)).isBetween(5L, 10L);
        }
    }

    @Test
    void delaysDoubleWithinTheJitterAndStopAtTheCap() {
        Backoff backoff = new Backoff(ReconcileSettings.defaults().withRetry(10, 1_000), new SplittableRandom(1));
        for (int attempt = 1; attempt <= 100; attempt++) {
            long raw = Math.min(1_000, 10L << Math.min(attempt - 1, 20));
            assertThat(backoff.delayMillis(attempt)).as("attempt %d", attempt).isBetween(raw / 2, raw);
        }
    }

    @Test
    void withoutJitterDelaysAreExact() {
        Backoff backoff = new Backoff(ReconcileSettings.defaults().withJitter(0), new SplittableRandom(1));
        assertThat(backoff.delayMillis(1)).isEqualTo(10);
        assertThat(backoff.delayMillis(4)).isEqualTo(80);
        assertThat(backoff.delayMillis(Integer.MAX_VALUE)).isEqualTo(2_000);
    }

    @Test
    void settingsNameTheBadValue() {
        assertThatThrownBy(() -> new ReconcileSettings(0, 10, 0.5, 1, 1))
                .hasMessage("firstRetryMillis: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ReconcileSettings(10, 5, 0.5, 1, 1))
                .hasMessage("maxRetryMillis: 5 (expected: >= firstRetryMillis 10)");
        assertThatThrownBy(() -> new ReconcileSettings(10, 10, 1.5, 1, 1)).hasMessage("jitter: 1.5 (expected: 0..1)");
        assertThatThrownBy(() -> new ReconcileSettings(10, 10, 0.5, 0, 1))
                .hasMessage("checkIntervalMillis: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ReconcileSettings(10, 10, 0.5, 1, -1))
                .hasMessage("stableAfterMillis: -1 (expected: >= 0)");
    }
}
