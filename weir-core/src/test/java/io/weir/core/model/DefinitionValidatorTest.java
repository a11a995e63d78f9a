package io.weir.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {

    private static JobClusterDefinition def(String name, Map<Integer, StageDefinition> stages) {
        return new JobClusterDefinition(name, "io.weir.examples.WordCountJob", null, null, null, new TreeMap<>(stages), null, null);
    }

    @Test
    void defaultsFillMachineAndSla() {
        var d = DefinitionValidator.validate(def("wc", Map.of(1, StageDefinition.ofWorkers(2))));
        assertThat(d.stages().get(1).machine()).isEqualTo(MachineDefinition.DEFAULT);
        assertThat(d.stages().get(1).machine().memoryMB()).isEqualTo(512);
        assertThat(d.sla().durationType()).isEqualTo(DurationType.Perpetual);
        assertThat(d.sinkStage()).isEqualTo(1);
    }

    @Test
    void stagesMustBeNumberedWithoutGaps() {
        assertThatThrownBy(() -> DefinitionValidator.validate(def("wc", Map.of(1, StageDefinition.ofWorkers(1), 3, StageDefinition.ofWorkers(1)))))
                .hasMessage("stages: stage 2 is missing (expected: stages numbered 1, 2, ... without gaps)");
    }

    @Test
    void numbersOutOfRangeNameTheField() {
        var bigCpu = new StageDefinition(1, new MachineDefinition(-1.0, null, null, null, null), null, null, null, null, null, null);
        assertThatThrownBy(() -> DefinitionValidator.validate(def("wc", Map.of(1, bigCpu))))
                .hasMessageStartingWith("stages.1.machine.cpuCores: -1.0");
        var outside = new StageDefinition(7, null, null, null, true, 1, 5, null);
        assertThatThrownBy(() -> DefinitionValidator.validate(def("wc", Map.of(1, outside))))
                .hasMessageStartingWith("stages.1.numWorkers: 7 (expected: between min 1 and max 5)");
    }

    @Test
    void constraintsAreUniqueHostOrAttributeMatches() {
        var ok = new StageDefinition(1, null, List.of("UniqueHost", "zone=a"), null, null, null, null, null);
        DefinitionValidator.validate(def("wc", Map.of(1, ok)));
        var bad = new StageDefinition(1, null, List.of("Unique Host"), null, null, null, null, null);
        assertThatThrownBy(() -> DefinitionValidator.validate(def("wc", Map.of(1, bad))))
                .hasMessageContaining("stages.1.hardConstraints: 'Unique Host'");
    }

    @Test
    void namesAllowLettersDigitsDashDotUnderscore() {
        DefinitionValidator.validateName("word-count_2.v1");
        assertThatThrownBy(() -> DefinitionValidator.validateName("-x")).isInstanceOf(InvalidDefinitionException.class);
        assertThatThrownBy(() -> DefinitionValidator.validateName("a/b")).isInstanceOf(InvalidDefinitionException.class);
        assertThatThrownBy(() -> DefinitionValidator.validateName("x".repeat(101))).isInstanceOf(InvalidDefinitionException.class);
    }
}
