package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random token soups, mutated valid queries and random characters: parsing throws only MqlException, evaluation never. */
class MqlFuzzTest {

    private static final String[] WORDS = {"select", "from", "where", "as", "and", "or", "not", "is", "null", "true",
        "false", "in", "*", ",", ".", "(", ")", "[", "]", "==", "=", "!=", "<", "<=", ">", ">=", "=~", "==~", "!", "&&", "||",
        "<>", "a", "b.c", "e[\"q f\"]", "e", "[*]", "[0]", "[-1]", "^", "\"s\"", "'s'", "'(x'", "/^a+$/", "/(x/", "/", "''",
        "1", "-2.5", "1e3", "1e999", "99999999999999999999", "stream", "\"", "'", "-", "#", "window", "10", "group", "by",
        "having", "order", "desc", "limit", "sample", "{\"strategy\":\"RANDOM\",\"threshold\":5000}", "{", "}", "count(",
        "sum(", "min(", "max(", "average(", "count(*)"};
    private static final List<String> VALID = List.of(
            "select * from stream",
            "select a, e[\"b\"][\"c\"] as x, e[\"q f\"] from stream where a > 1 and (e[\"b\"][\"c\"] == 'x' or not d is null)",
            "select * from s where a =~ '^x.*' and b in (1, 'two', true) and c not in ('z') && e[\"t\"][*] ==~ /x+/",
            "select a as p, b as \"q\", e[^\"b\"], e[\"b\"][*] as all from s where not (a != 2) || b <= -1.5e2",
            "select count(a) as c, sum(e[\"b\"][\"c\"]), a from s window 10 where a > 1 group by a having c > 1 order by c desc limit 3",
            "select * from s where a == null sample {'strategy': 'STICKY', 'keys': ['a'], 'threshold': 5000}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> RECORDS = List.of(
            read("{\"a\":2,\"b\":{\"c\":\"x\"},\"q f\":[1],\"d\":null,\"s\":\"aaa\",\"t\":[\"x\",1]}"),
            read("{\"a\":\"2\",\"b\":[1,{\"c\":1}],\"c\":{\"a\":true}}"),
            read("{}"), read("[1,2]"), read("\"a\""), read("null"), read("1"));

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void onlyMqlExceptionsEscape(long seed) {
        var random = new Random(seed);
        int parsed = 0;
        for (int i = 0; i < 5_000; i++) {
            String query = switch (i % 3) {
                case 0 -> soup(random);
                case 1 -> mutate(VALID.get(random.nextInt(VALID.size())), random);
                default -> characters(random);
            };
            parsed += check(query) ? 1 : 0;
        }
        assertThat(parsed).as("some random queries should be valid").isPositive();
    }

    private static boolean check(String query) {
        MqlQuery q;
        try {
            q = Mql.parse(query);
        } catch (MqlException e) {
            assertThat(e.getMessage()).startsWith("mql: ");
            assertThat(e.position()).isBetween(1, Math.max(query.length() + 1, Mql.MAX_QUERY_LENGTH + 1));
            return false;
        } catch (Throwable t) {
            fail("parsing " + query + " threw " + t, t);
            return false;
        }
        Aggregator aggregator = q.isAggregate() ? q.newAggregator(0) : null;
        for (JsonNode record : RECORDS) {
            try {
                if (aggregator == null) {
                    q.apply(record);
                } else {
                    aggregator.accept(record);
                }
            } catch (Throwable t) {
                fail("evaluating " + query + " on " + record + " threw " + t, t);
            }
        }
        if (aggregator != null) {
            try {
                aggregator.flush(q.windowMillis());
            } catch (Throwable t) {
                fail("flushing " + query + " threw " + t, t);
            }
        }
        return true;
    }

    private static String soup(Random random) {
        var out = new StringBuilder("select ");
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            out.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
        }
        return out.toString();
    }

    private static String mutate(String query, Random random) {
        var out = new StringBuilder(query);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && !out.isEmpty(); i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, WORDS[random.nextInt(WORDS.length)]);
                default -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return out.toString();
    }

    private static String characters(Random random) {
        var out = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            out.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : (char) (32 + random.nextInt(95)));
        }
        return random.nextBoolean() ? "select " + out : out.toString();
    }
}
