package io.weir.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.core.model.JobClusterDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {

    private static String errorOf(String json) {
        try {
            Json.strict().readValue(json, JobClusterDefinition.class);
            throw new AssertionError("expected a parse failure for " + json);
        } catch (JsonProcessingException e) {
            return JsonErrors.describe(e);
        }
    }

    @Test
    void unknownFieldsGetATypoHint() {
        assertThat(errorOf("{\"name\":\"a\",\"jobclass\":\"x\"}")).isEqualTo("unknown field 'jobclass' (did you mean 'jobClass'?)");
        assertThat(errorOf("{\"stages\":{\"1\":{\"numWorker\":1}}}")).isEqualTo("unknown field 'stages.1.numWorker' (did you mean 'numWorkers'?)");
    }

    @Test
    void farFetchedNamesGetNoHint() {
        assertThat(errorOf("{\"zzzzzzzzzz\":1}")).isEqualTo("unknown field 'zzzzzzzzzz'");
    }

    @Test
    void wrongTypesNameThePath() {
        assertThat(errorOf("{\"stages\":{\"1\":{\"numWorkers\":\"many\"}}}")).startsWith("stages.1.numWorkers: 'many' is not a valid number");
        assertThat(errorOf("{\"sla\":{\"durationType\":\"Forever\"}}")).contains("sla.durationType").contains("Perpetual");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThat(errorOf("{\"name\": ")).startsWith("malformed JSON at line 1");
    }

    @Test
    void closestPicksTheNearestName() {
        assertThat(JsonErrors.closest("numwrkers", List.of("numWorkers", "machine"))).isEqualTo("numWorkers");
        assertThat(JsonErrors.closest("q", List.of("numWorkers"))).isNull();
    }
}
