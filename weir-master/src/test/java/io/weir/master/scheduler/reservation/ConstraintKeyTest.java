package io.weir.master.scheduler.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.model.MachineDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintKeyTest {

    private static MachineDefinition machine(double cpu, int memoryMB) {
        return new MachineDefinition(cpu, memoryMB, null, null, null);
    }

    @Test
    void sameMachineAndConstraintsInAnyOrderGiveEqualKeys() {
        var a = ConstraintKey.of(machine(1, 512), List.of("UniqueHost", "zone=a", "size=large"));
        var b = ConstraintKey.of(machine(1, 512), List.of(" size = large", "zone=a", "UniqueHost", "UniqueHost"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.canonical()).isEqualTo(b.canonical());
    }

    @Test
    void cpuIsRoundedUpToATenthOfACore() {
        assertThat(ConstraintKey.of(machine(0.25, 512), List.of()).cpuTenths()).isEqualTo(3);
        assertThat(ConstraintKey.of(machine(0.3, 512), List.of()).cpuTenths()).isEqualTo(3);
        assertThat(ConstraintKey.of(machine(0.1 + 0.2, 512), List.of()))
                .isEqualTo(ConstraintKey.of(machine(0.3, 512), List.of()));
        assertThat(ConstraintKey.of(machine(2, 512), List.of()).roundedMachine().cpuCores()).isEqualTo(2.0);
    }

    @Test
    void memoryIsRoundedUpToBuckets() {
        assertThat(ConstraintKey.of(machine(1, 500), List.of()))
                .isEqualTo(ConstraintKey.of(machine(1, 512), List.of()));
        assertThat(ConstraintKey.of(machine(1, 513), List.of()).memoryMB()).isEqualTo(576);
    }

    @Test
    void differentMachinesOrConstraintsGiveDifferentKeys() {
        var base = ConstraintKey.of(machine(1, 512), List.of());
        assertThat(ConstraintKey.of(machine(2, 512), List.of())).isNotEqualTo(base);
        assertThat(ConstraintKey.of(machine(1, 1024), List.of())).isNotEqualTo(base);
        assertThat(ConstraintKey.of(machine(1, 512), List.of("UniqueHost"))).isNotEqualTo(base);
        assertThat(ConstraintKey.of(machine(1, 512), List.of("zone=a")))
                .isNotEqualTo(ConstraintKey.of(machine(1, 512), List.of("zone=b")));
    }

    @Test
    void attributeConstraintsBecomeSortedSchedulingAttributes() {
        var key = ConstraintKey.of(machine(1, 512), List.of("zone=a", "UniqueHost", "size=large"));
        assertThat(key.hardConstraints()).containsExactly("UniqueHost");
        assertThat(key.attributes()).isEqualTo(Map.of("size", "large", "zone", "a"));
        assertThat(key.canonical())
                .isEqualTo("cpu=1.0,mem=512MB,disk=1024MB,net=128Mbps,ports=1|UniqueHost|size=large,zone=a");
    }

    @Test
    void conflictingAttributeValuesAreRejected() {
        assertThatThrownBy(() -> ConstraintKey.of(machine(1, 512), List.of("zone=a", "zone=b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hardConstraints: zone=a, zone=b (expected: one value per attribute)");
    }

    @Test
    void softConstraintsAreNotPartOfTheKey() {
        var a = Reservation.from(Requests.of("j-1", 1).soft("zone=a").build());
        var b = Reservation.from(Requests.of("j-2", 1).soft("ExclusiveHost").build());
        assertThat(a.constraintKey()).isEqualTo(b.constraintKey());
    }
}
