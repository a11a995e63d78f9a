package io.weir.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void systemPropertyWinsOverEnvironment() {
        var props = new Properties();
        props.setProperty("weir.master.port", "9000");
        var s = new Settings(Map.of("WEIR_MASTER_PORT", "8000", "WEIR_DATA_DIR", "/d"), props);
        assertThat(s.intValue("WEIR_MASTER_PORT", 8100, 0, 65535)).isEqualTo(9000);
        assertThat(s.string("WEIR_DATA_DIR", "x")).isEqualTo("/d");
        assertThat(s.string("WEIR_OTHER", "x")).isEqualTo("x");
    }

    @Test
    void badValuesNameTheVariable() {
        var s = new Settings(Map.of("WEIR_A", "abc", "WEIR_B", "-1", "WEIR_C", "1,x", "WEIR_D", "maybe"), new Properties());
        assertThatThrownBy(() -> s.longValue("WEIR_A", 1, 0)).hasMessage("WEIR_A: 'abc' (expected: a whole number >= 0)");
        assertThatThrownBy(() -> s.longValue("WEIR_B", 1, 0)).hasMessage("WEIR_B: -1 (expected: >= 0)");
        assertThatThrownBy(() -> s.longList("WEIR_C", List.of(), 0)).hasMessageStartingWith("WEIR_C: '1,x'");
        assertThatThrownBy(() -> s.bool("WEIR_D", false)).hasMessage("WEIR_D: 'maybe' (expected: true or false)");
    }

    @Test
    void listsParse() {
        var s = new Settings(Map.of("WEIR_STEPS", "0, 1,2,5"), new Properties());
        assertThat(s.longList("WEIR_STEPS", List.of(), 0)).containsExactly(0L, 1L, 2L, 5L);
    }
}
