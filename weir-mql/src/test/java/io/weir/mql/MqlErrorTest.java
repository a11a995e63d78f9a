package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed query gets an {@link MqlException} naming the 1-based position and what was expected there. */
class MqlErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select * form stream                  | mql: unexpected 'form' at 10 (expected: from, window, where, group by, having, order by, limit, sample or the end of the query)
            ``                                    | mql: unexpected end of query at 1 (expected: select)
            from stream                           | mql: unexpected 'from' at 1 (expected: select)
            select                                | mql: unexpected end of query at 7 (expected: a field, a literal, an aggregate or *)
            select a b from s                     | mql: unexpected 'b' at 10 (expected: ',', as, from, window, where, group by, having, order by, limit, sample or the end of the query)
            select a, from s                      | mql: unexpected 'from' at 11 (expected: a field, a literal, an aggregate or *; write a field named like a keyword as e["from"])
            select a as from s                    | mql: unexpected 'from' at 13 (expected: an output name, e.g. as x or as "the x")
            select e[*] from s                    | mql: unexpected 'e' at 8 (expected: an output name for e[*]: add as, e.g. e[*] as values)
            select * from                         | mql: unexpected end of query at 14 (expected: a stream name, e.g. stream)
            select * from s x                     | mql: unexpected 'x' at 17 (expected: window, where, group by, having, order by, limit, sample or the end of the query)
            select * from s where                 | mql: unexpected end of query at 22 (expected: a field, a literal, not or ()
            select * from s where a ==            | mql: unexpected end of query at 27 (expected: a field, a number, a "string", true, false or null)
            select * from s where a is            | mql: unexpected end of query at 27 (expected: null or not null)
            select * from s where a is not 1      | mql: unexpected '1' at 32 (expected: null)
            select * from s where a in 1          | mql: unexpected '1' at 28 (expected: ( and a list of literals, e.g. in ("a", "b"))
            select * from s where a in ()         | mql: unexpected ')' at 29 (expected: a number, a "string", true, false or null)
            select * from s where a in (1, b)     | mql: unexpected 'b' at 32 (expected: a number, a "string", true, false or null)
            select * from s where a in (1 2)      | mql: unexpected '2' at 31 (expected: ',' or ))
            select * from s where a =~ b          | mql: unexpected 'b' at 28 (expected: a regex, e.g. '^GET /api' or /^GET \\/api/)
            select * from s where a ==~ 'x'       | mql: unexpected ''x'' at 29 (expected: a regex between slashes, e.g. /i-12.*/)
            select * from s where a ==~ /x        | mql: unterminated regex at 29 (expected: a closing /; write \\/ for a slash inside)
            select * from s where a b             | mql: unexpected 'b' at 25 (expected: an operator (==, !=, <, <=, >, >=, ==~, =~, is, in), and, or, window, where, group by, having, order by, limit, sample or the end of the query)
            select * from s where 1               | mql: unexpected end of query at 24 (expected: an operator (==, !=, <, <=, >, >=, ==~, =~, is, in))
            select * from s where (a == 1         | mql: unexpected end of query at 30 (expected: and, or or ))
            select * from s where a == 1)         | mql: unexpected ')' at 29 (expected: and, or, window, where, group by, having, order by, limit, sample or the end of the query)
            select * from s where a == 1 and      | mql: unexpected end of query at 33 (expected: a field, a literal, not or ()
            select * from s where a & 1           | mql: unexpected '&' at 25 (expected: &&)
            select * from s where a == 'x         | mql: unterminated string at 28 (expected: a closing '; double it to put one inside)
            select "a from s                      | mql: unterminated string at 8 (expected: a closing "; double it to put one inside)
            select * from s where a == 1.         | mql: unexpected '1.' at 28 (expected: a number like 7, -2.5 or 1e3; write a field whose name starts with a digit as e["1x"])
            select * from s where a == 3x         | mql: unexpected '3x' at 28 (expected: a number like 7, -2.5 or 1e3; write a field whose name starts with a digit as e["1x"])
            select * from s where a == 1e999      | mql: number '1e999' out of range at 28 (expected: a number within a double's range)
            select * from s where a # 1           | mql: unexpected '#' at 25 (expected: a field, a "string", a number, an operator or a keyword)
            select * from s where from == 1       | mql: unexpected 'from' at 23 (expected: a field, a literal, not or (; write a field named like a keyword as e["from"])
            select * from s where a[0] == 1       | mql: unexpected '[' at 24 (expected: an operator; index a field as e["a"][0])
            select * from s where e[x] == 1       | mql: unexpected 'x' at 25 (expected: a quoted field name, a list index, * or ^"prefix" in e[...])
            select a, a from s                    | mql: output field 'a' selected twice at 11 (expected: distinct output fields; rename one with as)
            select e["a"]["b"], e["a"] from s     | mql: output field 'a' selected twice at 21 (expected: distinct output fields; rename one with as)
            select a as x, b as x from s          | mql: output field 'x' selected twice at 16 (expected: distinct output fields; rename one with as)
            select count(a), count(a) from s window 10 | mql: output field 'COUNT(a)' selected twice at 18 (expected: distinct output fields; rename one with as)
            select count(a) from s window 10 window 5 | mql: unexpected 'window' at 34 (expected: each clause at most once)
            select count(a) from s window 0       | mql: unexpected '0' at 31 (expected: a window length in seconds, 1 to 86400)
            select count(a) from s window 10 group by 5 | mql: unexpected '5' at 43 (expected: a field to group by, e.g. e["node"])
            select * from s sample                | mql: unexpected end of query at 23 (expected: a sampling object, e.g. {"strategy": "RANDOM", "threshold": 200})
            select * from s sample {strategy      | mql: unterminated sampling object at 24 (expected: a closing })
            """)
    void namesThePositionAndWhatWasExpected(String query, String message) {
        assertThatThrownBy(() -> Mql.parse(query)).isInstanceOf(MqlException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select * from s where a ==+ "x"          | mql: operator '==+' at 25 is not supported (expected: ==, !=, <, <=, >, >=, ==~, =~, is, in)
            select * from s where e["a"][*][*] == 1  | mql: a second [*] at 33 is not supported (expected: at most one [*] in a path)
            select * from s where e["a"][*] == e["b"] | mql: comparing [*] with anything but a literal at 36 is not supported (expected: a literal on the right, e.g. e["tags"][*] == "x")
            select * from s where e["a"] == e["b"][*] | mql: 'e["b"][*]' on the right at 33 is not supported (expected: [*] and e[^...] on the left only)
            select * from s where e[^"a"] == 1       | mql: e[^...] in a condition at 23 is not supported (expected: e[^"prefix"] in select only)
            select * from s where count(a) > 1       | mql: aggregate 'count' outside select at 23 is not supported (expected: aggregates as select items, e.g. select count(e["x"]) as c from stream window 10)
            select * from s where tick() > 1         | mql: function 'tick()' at 23 is not supported (expected: a field or a literal; functions are count, sum, min, max and average in select)
            select count(a) from s                   | mql: an aggregate without window at 8 is not supported (expected: a window, e.g. ... from stream window 10)
            select count(a) from s window 10 5       | mql: a sliding window (window N M) at 34 is not supported (expected: window N, a tumbling window of N seconds)
            select count(distinct a) from s window 10 | mql: distinct at 14 is not supported (expected: an aggregate over every value, e.g. count(e["x"]))
            select p99(a) from s window 10           | mql: function 'p99()' at 8 is not supported (expected: count, sum, min, max or average; percentiles, list and tick() are not supported)
            select sum(*) from s window 10           | mql: sum(*) at 8 is not supported (expected: a field, e.g. sum(e["x"]); only count takes *)
            select count(e["a"][*]) from s window 10 | mql: 'e["a"][*]' in an aggregate at 14 is not supported (expected: a field, e.g. count(e["x"]), or *)
            select a from s window 10                | mql: 'window' without an aggregate at 17 is not supported (expected: an aggregate in select, e.g. select count(e["x"]) as c from stream window 10)
            select a from s group by a               | mql: 'group by' without an aggregate at 17 is not supported (expected: an aggregate in select, e.g. select count(e["x"]) as c from stream window 10)
            select * from s limit 10                 | mql: 'limit' without an aggregate at 17 is not supported (expected: an aggregate in select, e.g. select count(e["x"]) as c from stream window 10)
            select a from s order by a               | mql: 'order by' without an aggregate at 17 is not supported (expected: an aggregate in select, e.g. select count(e["x"]) as c from stream window 10)
            select * from s having a > 1             | mql: 'having' without an aggregate at 17 is not supported (expected: an aggregate in select, e.g. select count(e["x"]) as c from stream window 10)
            select not e["a"] from s                 | mql: 'not' before a value at 8 is not supported (expected: not before a condition, e.g. not (e["a"] == 1))
            select * from s where e["a"] == not e["b"] | mql: 'not' before a value at 33 is not supported (expected: not before a condition, e.g. not (e["a"] == 1))
            select * from s anomaly mad a 1 2        | mql: 'anomaly' at 17 is not supported (expected: window, where, group by, having, order by, limit, sample or the end of the query)
            select * from a join b 10 seconds on x   | mql: joining streams at 17 is not supported (expected: one stream name)
            """)
    void unsupportedMantisConstructsAreNamed(String query, String message) {
        assertThatThrownBy(() -> Mql.parse(query)).isInstanceOf(MqlException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"strategy": "RANDOM"}                               | needs a threshold, 0 to 10000
            {"strategy": "BOGUS", "threshold": 1}                | needs a strategy, RANDOM or STICKY
            {"threshold": 1}                                     | needs a strategy, RANDOM or STICKY
            {"strategy": "STICKY", "threshold": 1}               | with strategy STICKY needs keys, a list of 1 to 16 field names
            {"strategy": "STICKY", "threshold": 1, "keys": [1]}  | has keys that are not all field names
            {"strategy": "RANDOM", "threshold": 20000}           | has threshold 20000, not an integer from 0 to 10000
            {"strategy": "RANDOM", "threshold": 2, "factor": 0}  | has factor 0, not an integer from 1 to 2147483647
            {"strategy": "RANDOM", "threshold": 2.5}             | has threshold 2.5, not an integer from 0 to 10000
            {"strategy": "RANDOM", "threshold": 2, "x": 1}       | has an unknown field 'x'
            {"strategy": "RANDOM", "threshold": 2,}              | is not JSON
            """)
    void aBadSamplingObjectIsNamed(String sample, String problem) {
        assertThatThrownBy(() -> Mql.parse("select * from s sample " + sample)).isInstanceOf(MqlException.class)
                .hasMessageContaining(" at 24 " + problem + " (expected: e.g. {\"strategy\": \"RANDOM\", \"threshold\": 200}");
    }

    @Test
    void countWindowsAreNotSupported() {
        assertThatThrownBy(() -> Mql.parse("select count(a) from s window |5|")).isInstanceOf(MqlException.class)
                .hasMessage("mql: unexpected '|' at 31 (expected: ||; count windows, window |N|, are not supported)");
    }

    @Test
    void aBadRegexIsReportedWithJavasDescription() {
        assertThatThrownBy(() -> Mql.parse("select * from s where a =~ '(x'"))
                .isInstanceOf(MqlException.class)
                .hasMessage("mql: bad regex '(x' at 28: Unclosed group near index 2 (expected: a java.util.regex pattern)")
                .extracting(e -> ((MqlException) e).position()).isEqualTo(28);
    }

    @Test
    void aLongQueryIsRefusedBeforeParsing() {
        String query = "select * from s where " + "a == 1 or ".repeat(500) + "true";
        assertThat(query.length()).isGreaterThan(Mql.MAX_QUERY_LENGTH);
        assertThatThrownBy(() -> Mql.parse(query)).isInstanceOf(MqlException.class)
                .hasMessage("mql: query of " + query.length() + " characters (expected: at most 4096)");
    }

    @Test
    void nestingIsBounded() {
        String deep = "select * from s where " + "(".repeat(Mql.MAX_DEPTH) + "true" + ")".repeat(Mql.MAX_DEPTH);
        assertThat(Mql.parse(deep).matches(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode())).isTrue();
        String deeper = "select * from s where " + "(".repeat(Mql.MAX_DEPTH + 1) + "true" + ")".repeat(Mql.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Mql.parse(deeper)).isInstanceOf(MqlException.class)
                .hasMessage("mql: nesting deeper than 32 at 55 (expected: fewer parentheses and nots)");
        String nots = "select * from s where " + "not ".repeat(Mql.MAX_DEPTH + 1) + "true";
        assertThatThrownBy(() -> Mql.parse(nots)).isInstanceOf(MqlException.class).hasMessageContaining("nesting deeper than 32");
    }

    @Test
    void longTokensAreShortenedInMessages() {
        String name = "x".repeat(100);
        assertThatThrownBy(() -> Mql.parse("select * from s " + name))
                .hasMessage("mql: unexpected '" + "x".repeat(32) + "...' at 17 (expected: window, where, group by, having, order by,"
                        + " limit, sample or the end of the query)");
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThat(new MqlException("m", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
