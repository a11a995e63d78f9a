package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queries as Mantis users write them (from Mantis's MQL documentation), evaluated against records: what each one outputs. */
class MqlMantisTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVO = """
            {"node":"i-123456","status":500,"nf.node":"i-123456","nf.cluster":"mantisagent",
             "tags":{"nf.cluster":"api-prod","cluster":"api"},"metrics":{"latency":400},"a":{"b":7},
             "list":["x","y"],"esn":"ESN-1"}
            """;

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select * from stream where e["status"] == 500                          | *
            select * from stream where e["status"] == 404                          | `null`
            SELECT * FROM stream WHERE e["status"] = 500                           | *
            select * from servo                                                    | *
            select nf.node from servo                                              | {"nf.node":"i-123456"}
            select e["tags"]["nf.cluster"] from servo                              | {"tags":{"nf.cluster":"api-prod"}}
            select "string literal", 45, e["tags"]["cluster"], nf.node from servo  | {"string literal":"string literal","45":45,"tags":{"cluster":"api"},"nf.node":"i-123456"}
            select e["a"]["b"] as x from stream where e["node"] ==~ /i-12.*/       | {"x":7}
            select e["a"]["b"] as "x" from stream where e["node"] ==~ /i-99.*/     | `null`
            select * from servo where node == "i-123456" AND e["metrics"]["latency"] > 350 | *
            select * from servo where node == 'i-123456' and e["metrics"]["latency"] > 450 | `null`
            select * from servo where (node == "i-123456" AND e["metrics"]["latency"] > 350) OR node == "1-abcdef" | *
            select * from servo where (node == "i-000" AND e["metrics"]["latency"] > 350) OR node == "1-abcdef" | `null`
            select * from servo where node ==~ /i-123/                             | `null`
            select * from servo where node ==~ /i-123.*/                           | *
            select * from servo where node == "i-123456" && status != 200          | *
            select * from servo where not (status == 500)                          | `null`
            select * from servo where e["status"] <> 500                           | `null`
            select * from servo where e["list"][*] == "y"                          | *
            select * from servo where e["list"][*] == "z"                          | `null`
            select e["list"][*] from servo                                         | {"list":["x","y"]}
            select e["list"][0] as first from servo                                | {"first":"x"}
            select e[^"nf."] from servo                                            | {"nf.node":"i-123456","nf.cluster":"mantisagent"}
            select * from servo where e["missing"] == null                         | *
            select * from servo where e["missing"] != "x"                          | *
            select * from servo where true                                         | *
            select * from servo where false                                        | `null`
            select * where status == 500                                           | *
            select * from servo sample {'strategy': 'RANDOM', 'threshold': 10000}  | *
            select * from servo sample {"strategy": "RANDOM", "threshold": 0}      | `null`
            select * from servo SAMPLE {'strategy':'STICKY','threshold':10000,'keys':['esn'],'salt':1,'factor':10000} | *
            """)
    void filtersAndProjectsLikeMantis(String query, String expected) {
        JsonNode record = read(SERVO);
        JsonNode out = Mql.parse(query).apply(record);
        if (expected.equals("null")) {
            assertThat(out).isNull();
        } else if (expected.equals("*")) {
            assertThat(out).isSameAs(record);
        } else {
            assertThat(out).isEqualTo(read(expected));
        }
    }
}
