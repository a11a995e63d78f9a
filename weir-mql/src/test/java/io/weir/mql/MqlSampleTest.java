package io.weir.mql;

import static io.weir.mql.MqlMantisTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sample {...}}: the share of records kept, and sticky sampling keeping all or none of a key's records. */
class MqlSampleTest {

    private static final int RECORDS = 100_000;

    @Test
    void randomSamplingKeepsThresholdOutOfFactor() {
        MqlQuery q = Mql.parse("select * from stream sample {'strategy': 'RANDOM', 'threshold': 2000}");
        assertThat(q.hasSample()).isTrue();
        assertThat(q.passesEverything()).isFalse();
        JsonNode record = read("{\"a\":1}");
        int kept = 0;
        for (int i = 0; i < RECORDS; i++) {
            kept += q.matches(record) ? 1 : 0;
        }
        assertThat(kept).isBetween(RECORDS / 5 - 1_000, RECORDS / 5 + 1_000);
    }

    @Test
    void stickySamplingKeepsAllOrNoneOfAKeysRecords() {
        MqlQuery q = Mql.parse("select * from stream where e[\"kind\"] != \"skip\""
                + " sample {\"strategy\": \"STICKY\", \"keys\": [\"esn\"], \"threshold\": 50, \"factor\": 100, \"salt\": 7}");
        Map<Integer, Boolean> decided = new HashMap<>();
        int kept = 0;
        for (int i = 0; i < RECORDS; i++) {
            int esn = i % 1_000;
            boolean in = q.matches(read("{\"esn\":\"ESN-" + esn + "\",\"n\":" + i + "}"));
            assertThat(decided.computeIfAbsent(esn, k -> in)).as("esn %d", esn).isEqualTo(in);
            kept += in ? 1 : 0;
        }
        assertThat(kept).isBetween(RECORDS / 2 - 10_000, RECORDS / 2 + 10_000);
        assertThat(q.matches(read("{\"esn\":\"ESN-1\",\"kind\":\"skip\"}"))).as("where applies first").isFalse();
    }

    @Test
    void samplingAppliesBeforeAggregation() {
        Aggregator none = Mql.parse("select count(*) as n from s window 1 sample {\"strategy\":\"RANDOM\",\"threshold\":0}")
                .newAggregator(0);
        assertThat(none.accept(read("{}"))).isFalse();
        assertThat(none.flush(1_000)).isEmpty();
    }
}
