package io.weir.master.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResubmitLimiterTest {

    private final ResubmitLimiter limiter = new ResubmitLimiter(List.of(0L, 1_000L, 2_000L, 5_000L), 300_000, 5);

    @Test
    void consecutiveFailuresWalkTheStepsAndRepeatTheLast() {
        long t = 1_000_000;
        assertThat(limiter.onFailure("j/1/0", t).delayMillis()).isZero();
        assertThat(limiter.onFailure("j/1/0", t + 10).delayMillis()).isEqualTo(1_000);
        assertThat(limiter.onFailure("j/1/0", t + 20).delayMillis()).isEqualTo(2_000);
        assertThat(limiter.onFailure("j/1/0", t + 30).delayMillis()).isEqualTo(5_000);
        assertThat(limiter.onFailure("j/1/0", t + 40).delayMillis()).isEqualTo(5_000);
    }

    @Test
    void slotsAreIndependent() {
        limiter.onFailure("j/1/0", 0);
        limiter.onFailure("j/1/0", 1);
        assertThat(limiter.onFailure("j/1/1", 2).delayMillis()).isZero();
    }

    @Test
    void healthyForTheResetWindowStartsOver() {
        limiter.onFailure("j/1/0", 0);
        limiter.onFailure("j/1/0", 1);
        assertThat(limiter.onFailure("j/1/0", 1 + 300_000).delayMillis()).isZero();
    }

    @Test
    void moreThanTheHourlyLimitIsRefused() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.onFailure("j/1/0", i * 1_000L).allowed()).isTrue();
        }
        var sixth = limiter.onFailure("j/1/0", 5_000);
        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.countInLastHour()).isEqualTo(6);
    }

    @Test
    void failuresOlderThanAnHourStopCounting() {
        for (int i = 0; i < 5; i++) {
            limiter.onFailure("j/1/0", i);
        }
        assertThat(limiter.onFailure("j/1/0", 3_600_010).allowed()).isTrue();
    }

    @Test
    void forgetDropsTheJobsSlots() {
        limiter.onFailure("j/1/0", 0);
        limiter.onFailure("j/1/0", 1);
        limiter.forget("j/");
        assertThat(limiter.onFailure("j/1/0", 2).delayMillis()).isZero();
    }
}
