package io.weir.mql;

import static io.weir.mql.MqlMantisTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Aggregate queries over tumbling windows, as one consumer's {@link Aggregator} evaluates them. */
class MqlAggregateTest {

    private static final List<JsonNode> RECORDS = List.of(
            read("{\"status\":500,\"node\":\"a\",\"latency\":100}"),
            read("{\"status\":200,\"node\":\"a\",\"latency\":20}"),
            read("{\"status\":500,\"node\":\"b\",\"latency\":300.5}"),
            read("{\"status\":500,\"node\":\"a\"}"),
            read("{\"status\":404,\"node\":\"c\",\"latency\":\"slow\"}"),
            read("[1, 2]"));

    private static List<JsonNode> window(String query) {
        MqlQuery q = Mql.parse(query);
        assertThat(q.isAggregate()).isTrue();
        Aggregator aggregator = q.newAggregator(1_000);
        RECORDS.forEach(aggregator::accept);
        assertThat(aggregator.flush(1_000 + q.windowMillis() - 1)).isEmpty();
        return aggregator.flush(1_000 + q.windowMillis());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select count(e["status"]) as c, e["status"] from stream window 10 group by e["status"] | [{"c":3,"status":500},{"c":1,"status":200},{"c":1,"status":404}]
            select count(e["node"]) from servo window 60                                           | [{"COUNT(node)":5}]
            select count(e["node"]) from servo window 60 where e["latency"] > 50                   | [{"COUNT(node)":2}]
            select average(e["latency"]), e["node"] from servo window 10 group by e["node"]        | [{"AVERAGE(latency)":60.0,"node":"a"},{"AVERAGE(latency)":300.5,"node":"b"},{"AVERAGE(latency)":null,"node":"c"}]
            select MAX(latency), e["node"] from servo window 60 group by node                      | [{"MAX(latency)":100,"node":"a"},{"MAX(latency)":300.5,"node":"b"},{"MAX(latency)":null,"node":"c"}]
            select min(latency) as lo, max(latency) as hi, sum(latency) as total, count(*) as n from s window 5 | [{"lo":20,"hi":300.5,"total":420.5,"n":5}]
            select sum(status) as s from stream window 1                                           | [{"s":2104}]
            select count(*) as n, node from s window 10 group by node having e["n"] > 1            | [{"n":3,"node":"a"}]
            select count(*) as n, node from s window 10 group by node order by n asc               | [{"n":1,"node":"b"},{"n":1,"node":"c"},{"n":3,"node":"a"}]
            select count(*) as n, node from s window 10 group by node order by n desc limit 2      | [{"n":3,"node":"a"},{"n":1,"node":"b"}]
            select count(*) as n, node from s window 10 group by node order by e["node"] desc      | [{"n":1,"node":"c"},{"n":1,"node":"b"},{"n":3,"node":"a"}]
            select AVERAGE(latency) from servo window 60 limit 10                                  | [{"AVERAGE(latency)":140.16666666666666}]
            select count(*) as n, status, node from s window 10 group by status, node              | [{"n":2,"status":500,"node":"a"},{"n":1,"status":200,"node":"a"},{"n":1,"status":500,"node":"b"},{"n":1,"status":404,"node":"c"}]
            select count(*) as n from s window 10 where node == "z"                                | []
            """)
    void aggregatesEachWindow(String query, String expected) {
        assertThat(json(window(query))).isEqualTo(read(expected).toString());
    }

    /** The records as a JSON array, so that numbers compare by their text whatever their node type. */
    private static String json(List<JsonNode> records) {
        return JsonNodeFactory.instance.arrayNode().addAll(records).toString();
    }

    @Test
    void windowsTumbleBackToBackAndStartEmpty() {
        MqlQuery q = Mql.parse("select count(*) as n from s window 10");
        assertThat(q.windowMillis()).isEqualTo(10_000);
        Aggregator a = q.newAggregator(0);
        a.accept(read("{}"));
        a.accept(read("{}"));
        assertThat(a.windowEndMillis()).isEqualTo(10_000);
        assertThat(json(a.flush(10_500))).isEqualTo("[{\"n\":2}]");
        assertThat(a.windowEndMillis()).isEqualTo(20_000);
        a.accept(read("{}"));
        assertThat(json(a.flush(45_000))).isEqualTo("[{\"n\":1}]");
        assertThat(a.windowEndMillis()).isEqualTo(50_000);
        assertThat(a.flush(50_000)).isEmpty();
    }

    @Test
    void groupsPerWindowAreBoundedAndTheRestCountedAsDropped() {
        Aggregator a = Mql.parse("select count(*) as n, id from s window 1 group by id").newAggregator(0);
        for (int i = 0; i < Mql.MAX_GROUPS + 5; i++) {
            a.accept(read("{\"id\":" + i + "}"));
        }
        assertThat(a.accept(read("{\"id\":0}"))).isTrue();
        assertThat(a.dropped()).isEqualTo(5);
        List<JsonNode> out = a.flush(1_000);
        assertThat(out).hasSize(Mql.MAX_GROUPS);
        assertThat(out.get(0).toString()).isEqualTo("{\"n\":2,\"id\":0}");
        assertThat(a.accept(read("{\"id\":-1}"))).isTrue();
    }

    @Test
    void sumsStayExactBeyondALong() {
        Aggregator a = Mql.parse("select sum(x) as s from s window 1").newAggregator(0);
        a.accept(read("{\"x\":9223372036854775807}"));
        a.accept(read("{\"x\":9223372036854775807}"));
        a.accept(read("{\"x\":2}"));
        assertThat(a.flush(1_000).get(0).get("s").bigIntegerValue()).isEqualTo(new java.math.BigInteger("18446744073709551616"));
    }

    @Test
    void anAggregateQueryIsNotProjectedAndAPlainOneHasNoAggregator() {
        MqlQuery aggregate = Mql.parse("select count(*) from s window 1");
        assertThatThrownBy(() -> aggregate.apply(read("{}"))).isInstanceOf(IllegalStateException.class);
        assertThat(aggregate.isSelectAll()).isFalse();
        assertThat(aggregate.passesEverything()).isFalse();
        MqlQuery plain = Mql.parse("select * from s");
        assertThat(plain.isAggregate()).isFalse();
        assertThat(plain.windowMillis()).isZero();
        assertThatThrownBy(() -> plain.newAggregator(0)).isInstanceOf(IllegalStateException.class);
    }
}
