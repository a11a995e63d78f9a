package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.mql.Mql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One record's events per query: parsed at most once, each distinct query evaluated once, plain bytes kept. */
class PublishedRecordTest {

    private final AtomicInteger parses = new AtomicInteger();
    /** Counts parses; rejects trailing tokens as the sink's mapper ({@code Json.lenient()}) does. */
    private final ObjectMapper mapper = new ObjectMapper() {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonNode readTree(byte[] content) throws IOException {
            parses.incrementAndGet();
            return super.readTree(content);
        }
    }.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PublishedRecord record(String json) {
        return new PublishedRecord(json.getBytes(StandardCharsets.UTF_8), mapper);
    }

    private static String text(byte[] frame) {
        return frame == null ? null : new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void withoutQueriesTheRecordIsNeverParsed() {
        var record = record("not json at all");
        assertThat(text(record.frame())).isEqualTo("data: not json at all\n\n");
        assertThat(record.frame(Mql.parse("select * from stream"))).isSameAs(record.frame());
        assertThat(parses).hasValue(0);
    }

    @Test
    void manyQueriesParseTheRecordOnceAndEqualQueriesShareOneEvent() {
        var record = record("{\"a\": 1, \"b\": {\"c\": \"x\"}}");
        var projection = Mql.parse("select e[\"b\"][\"c\"] as c from stream where a == 1");
        byte[] projected = record.frame(projection);
        assertThat(text(projected)).isEqualTo("data: {\"c\":\"x\"}\n\n");
        assertThat(record.frame(Mql.parse("select e[\"b\"][\"c\"] as c from stream where a == 1"))).isSameAs(projected);
        assertThat(record.frame(Mql.parse("select * from stream where e[\"b\"][\"c\"] =~ 'x'"))).as("the published bytes, spaces kept")
                .isSameAs(record.frame());
        assertThat(record.frame(Mql.parse("select * from stream where a == 2"))).isNull();
        assertThat(parses).hasValue(1);
    }

    @Test
    void recordsThatAreNotJsonObjectsAreFilteredOut() {
        for (String json : new String[] {"[1,2]", "\"a\"", "7", "{\"a\":1", "{\"a\":1} trailing", ""}) {
            var record = record(json);
            assertThat(record.frame(Mql.parse("select * from stream where true"))).as(json).isNull();
            assertThat(record.frame(Mql.parse("select a from stream"))).as(json).isNull();
            assertThat(record.frame(Mql.parse("select * from stream"))).as(json).isSameAs(record.frame());
        }
    }
}
