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

    @Test
    void nullElementsOfListsAndMapsNameTheirPlace() {
        assertThat(errorOf("{\"parameters\":{\"rate\":null}}")).isEqualTo("parameters.rate: null (expected: a string)");
        assertThat(errorOf("{\"stages\":{\"1\":{\"hardConstraints\":[null]}}}"))
                .isEqualTo("stages.1.hardConstraints.0: null (expected: a string)");
        assertThat(errorOf("{\"stages\":{\"1\":null}}")).isEqualTo("stages.1: null (expected: an object)");
    }

    @Test
    void fractionsWhereWholeNumbersBelongAreRejected() {
        assertThat(errorOf("{\"stages\":{\"1\":{\"numWorkers\":1.5}}}")).isEqualTo("stages.1.numWorkers: 1.5 (expected: a whole number)");
    }

    @Test
    void wrongTypesSayWhatIsExpected() {
        assertThat(errorOf("{\"stages\":{\"1\":{\"scalable\":[1]}}}")).isEqualTo("stages.1.scalable: wrong type (expected: true or false)");
        assertThat(errorOf("{\"stages\":\"x\"}")).isEqualTo("stages: wrong type (expected: an object)");
        assertThat(errorOf("{\"name\":{}}")).isEqualTo("name: wrong type (expected: a string)");
    }

    @Test
    void refusalsOfConstructorsNameTheField() throws Exception {
        record Holder(io.weir.core.transport.TransportEndpoint endpoint) {
        }
        var mapper = Json.strict();
        try {
            mapper.readValue("{\"endpoint\":{\"transportId\":\"tcp\",\"plane\":\"stream\"}}", Holder.class);
            throw new AssertionError("expected a failure");
        } catch (JsonProcessingException e) {
            assertThat(JsonErrors.describe(e)).isEqualTo("endpoint.address: missing (expected: a value)");
        }
        try {
            mapper.readValue("{\"endpoint\":{\"transportId\":\"smoke\",\"plane\":\"stream\",\"address\":\"a\"}}", Holder.class);
            throw new AssertionError("expected a failure");
        } catch (JsonProcessingException e) {
            assertThat(JsonErrors.describe(e)).isEqualTo("endpoint.transportId: smoke (expected: tcp, http or nats)");
        }
    }
}
