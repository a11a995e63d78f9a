package io.weir.client.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Liveness on explicit nanosecond times: connect timeout 1000, silence timeout 600 (2 heartbeats of 300). */
class LivenessTest {

    private static final long MS = 1_000_000L;
    private final Liveness liveness = new Liveness(0, 1_000 * MS, 600 * MS);

    @Test
    void aWorkerThatNeverAnswersIsDeadAtTheConnectTimeout() {
        assertThat(liveness.check(999 * MS)).satisfies(v -> {
            assertThat(v.dead()).isFalse();
            assertThat(v.nextCheckNanos()).isEqualTo(1_000 * MS);
        });
        assertThat(liveness.check(1_000 * MS)).satisfies(v -> {
            assertThat(v.dead()).isTrue();
            assertThat(v.reason()).isEqualTo(FailureReason.CONNECT_FAILED);
        });
    }

    @Test
    void silenceWhileReadingIsDeathAfterTheMissedHeartbeats() {
        liveness.onAnswer(100 * MS);
        liveness.onRequest(1, 100 * MS);
        liveness.onBytes(400 * MS);
        liveness.onRequest(1, 400 * MS);
        assertThat(liveness.check(999 * MS).nextCheckNanos()).isEqualTo(1_000 * MS);
        var verdict = liveness.check(1_000 * MS);
        assertThat(verdict.dead()).isTrue();
        assertThat(verdict.reason()).isEqualTo(FailureReason.HEARTBEAT_MISSED);
        assertThat(verdict.silenceNanos()).isEqualTo(600 * MS);
    }

    @Test
    void nothingIsJudgedWhileTheConsumerHoldsBackAndTheClockRestartsWhenItAsksAgain() {
        liveness.onAnswer(0);
        liveness.onRequest(1, 0);
        liveness.onBytes(100 * MS);
        assertThat(liveness.check(5_000 * MS).dead()).isFalse();
        liveness.onRequest(1, 5_000 * MS);
        assertThat(liveness.check(5_599 * MS).dead()).isFalse();
        assertThat(liveness.check(5_600 * MS).dead()).isTrue();
    }

    @Test
    void aStreamIsProvenHealthyAfterOneSilenceTimeoutUp() {
        assertThat(liveness.provenAt(5_000 * MS)).isFalse();
        liveness.onAnswer(100 * MS);
        assertThat(liveness.provenAt(699 * MS)).isFalse();
        assertThat(liveness.provenAt(700 * MS)).isTrue();
    }

    @Test
    void anUnboundedRequestNeverRunsOut() {
        liveness.onAnswer(0);
        liveness.onRequest(Long.MAX_VALUE, 0);
        for (int i = 1; i <= 10; i++) {
            liveness.onBytes(i * 100 * MS);
        }
        assertThat(liveness.check(1_500 * MS).dead()).isFalse();
        assertThat(liveness.check(1_600 * MS).dead()).isTrue();
    }
}
