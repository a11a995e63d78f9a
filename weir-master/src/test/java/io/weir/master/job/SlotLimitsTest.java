package io.weir.master.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.model.FailureKind;
import org.junit.jupiter.api.Test;

class SlotLimitsTest {

    private final SlotLimits limits = new SlotLimits(JobSupervisorConfig.DEFAULTS);

    @Test
    void aSlotWhoseAgentsKeepGettingLostIsReplacedAtOnceEveryTime() {
        for (int i = 0; i < 50; i++) {
            var d = limits.onFailure("j-1/1/0", FailureKind.AGENT_LOST, i * 4_000L);
            assertThat(d.allowed()).isTrue();
            assertThat(d.delayMillis()).as("loss %d", i + 1).isZero();
        }
        assertThat(limits.remainingMillis("j-1/1/0", 200_000)).isZero();
    }

    @Test
    void lostAgentsDoNotSpaceTheSlotsOwnFailures() {
        for (int i = 0; i < 20; i++) {
            limits.onFailure("j-1/1/0", FailureKind.AGENT_LOST, i);
        }
        assertThat(limits.onFailure("j-1/1/0", FailureKind.TRANSIENT, 100).delayMillis())
                .isEqualTo(JobSupervisorConfig.DEFAULTS.resubmitStepsMillis().getFirst());
    }

    @Test
    void aPortInUseIsRetriedAtOnceTenTimesThenSpaced() {
        for (int i = 0; i < SlotLimits.IMMEDIATE_PORT_RETRIES; i++) {
            assertThat(limits.onFailure("j-1/1/0", FailureKind.PORT_IN_USE, i).delayMillis()).isZero();
        }
        assertThat(limits.onFailure("j-1/1/0", FailureKind.PORT_IN_USE, 20).delayMillis())
                .isEqualTo(JobSupervisorConfig.DEFAULTS.resubmitStepsMillis().getLast());
    }

    @Test
    void endlessAgentLossesAreTooManyAfterAHundredInAnHour() {
        for (int i = 0; i < 100; i++) {
            assertThat(limits.onFailure("j-1/1/0", FailureKind.AGENT_LOST, i * 1_000L).allowed()).isTrue();
        }
        assertThat(limits.onFailure("j-1/1/0", FailureKind.AGENT_LOST, 100_000).allowed()).isFalse();
    }
}
