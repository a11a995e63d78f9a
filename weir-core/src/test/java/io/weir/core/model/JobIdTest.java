package io.weir.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobIdTest {

    @Test
    void clusterNamesMayContainDashes() {
        var id = JobId.parse("word-count-12");
        assertThat(id.cluster()).isEqualTo("word-count");
        assertThat(id.number()).isEqualTo(12);
        assertThat(id.toString()).isEqualTo("word-count-12");
    }

    @Test
    void malformedIdsNameTheExpectedForm() {
        for (String bad : new String[] {"wc", "wc-", "-3", "wc-x", "wc-0"}) {
            assertThatThrownBy(() -> JobId.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> JobId.parse("wc")).hasMessageContaining("<cluster>-<number>");
    }
}
