package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Projections: nested paths keep their nesting, {@code as} renames, missing fields are left out. */
class MqlSelectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = """
            {"a":1,"b":{"c":2,"d":{"e":"x"}},"quoted field":3,"n":null,"arr":[1,2],"A":"upper","nf.node":"i-1","nf.app":"web",
             "objs":[{"id":7},{"x":0},{"id":8}]}
            """;

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select a from stream                         | {"a":1}
            select a, A from stream                      | {"a":1,"A":"upper"}
            select e["b"]["c"] from stream               | {"b":{"c":2}}
            select e["b"]["c"], e["b"]["d"]["e"], a from stream | {"b":{"c":2,"d":{"e":"x"}},"a":1}
            select b from stream                         | {"b":{"c":2,"d":{"e":"x"}}}
            select e["quoted field"] from stream         | {"quoted field":3}
            select nf.node from stream                   | {"nf.node":"i-1"}
            select e["nf.node"] as node from stream      | {"node":"i-1"}
            select a as x from stream                    | {"x":1}
            select e["b"]["d"]["e"] as e, a as "the a" from stream | {"e":"x","the a":1}
            select e["arr"][1] from stream               | {"arr":{"1":2}}
            select e["arr"][-1] as last from stream      | {"last":2}
            select e["arr"][*] as all from stream        | {"all":[1,2]}
            select e["objs"][*]["id"] from stream        | {"objs":{"id":[7,8]}}
            select e["objs"][*]["id"] as ids from stream | {"ids":[7,8]}
            select e[^"nf."] from stream                 | {"nf.node":"i-1","nf.app":"web"}
            select e[^"nf."], a as "nf.app" from stream  | {"nf.node":"i-1","nf.app":1}
            select "literal", 45, true from stream       | {"literal":"literal","45":45,"true":true}
            select n, arr from stream                    | {"n":null,"arr":[1,2]}
            select missing, a from stream                | {"a":1}
            select e["missing"]["deep"], e["b"]["missing"] from stream | {}
            select e["a"]["deeper"] from stream          | {}
            SELECT a FROM stream                         | {"a":1}
            select a                                     | {"a":1}
            select a where a == 1                        | {"a":1}
            """)
    void projectsSelectedFields(String query, String expected) {
        assertThat(Mql.parse(query).apply(read(RECORD))).isEqualTo(read(expected));
    }

    @Test
    void selectAllReturnsTheRecordItself() {
        JsonNode record = read(RECORD);
        var query = Mql.parse("select * from stream where a == 1");
        assertThat(query.isSelectAll()).isTrue();
        assertThat(query.apply(record)).isSameAs(record);
        assertThat(Mql.parse("select * from stream where a == 2").apply(record)).isNull();
    }

    @Test
    void aFilteredOutRecordProjectsToNull() {
        assertThat(Mql.parse("select a from stream where e[\"b\"][\"c\"] > 2").apply(read(RECORD))).isNull();
        assertThat(Mql.parse("select a from stream where e[\"b\"][\"c\"] >= 2").apply(read(RECORD))).isEqualTo(read("{\"a\":1}"));
    }

    @Test
    void projectingLeavesTheRecordUnchanged() {
        JsonNode record = read(RECORD);
        Mql.parse("select e[\"b\"][\"d\"][\"e\"] as a, a as b from stream").apply(record);
        assertThat(record).isEqualTo(read(RECORD));
    }

    @Test
    void describesItself() {
        var all = Mql.parse("select * from stream");
        assertThat(all.passesEverything()).isTrue();
        assertThat(all.hasWhere()).isFalse();
        assertThat(all.source()).isEqualTo("stream");

        var query = Mql.parse(" select a from \"my jobs\" where a > 1 ");
        assertThat(Mql.parse("select a").source()).isEqualTo("stream");
        assertThat(query.isSelectAll()).isFalse();
        assertThat(query.hasWhere()).isTrue();
        assertThat(query.passesEverything()).isFalse();
        assertThat(query.source()).isEqualTo("my jobs");
        assertThat(query.text()).isEqualTo(" select a from \"my jobs\" where a > 1 ");
    }

    @Test
    void queriesAreEqualWhenTheirTextsAre() {
        assertThat(Mql.parse("select a from s")).isEqualTo(Mql.parse("select a from s"))
                .hasSameHashCodeAs(Mql.parse("select a from s"))
                .isNotEqualTo(Mql.parse("select a from  s"));
    }
}
