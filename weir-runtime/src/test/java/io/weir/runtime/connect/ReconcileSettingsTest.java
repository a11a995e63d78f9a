package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.backoff.ExponentialBackoff;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconcileSettingsTest {

    @Test
    void defaultFirstRetryIsUnderFiftyMillis() {
        var settings = ReconcileSettings.defaults();
        var backoff = new ExponentialBackoff(settings.firstRetryMillis(), settings.maxRetryMillis(), settings.jitter());
        var random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delayMillis(1, random)).isBetween(5L, 10L);
        }
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
