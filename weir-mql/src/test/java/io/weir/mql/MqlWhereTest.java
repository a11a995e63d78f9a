package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code where} clauses against one record, as a table: operators, types, nulls, missing fields, precedence. */
class MqlWhereTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode RECORD = read("""
            {"status":500,"code":"E42","latency":12.5,"big":9007199254740993,"neg":-3,"ok":false,"live":true,
             "tags":["a","b"],"user":{"name":"ann","geo":{"country":"NZ"}},"nothing":null,
             "path":"/api/v1/jobs","quoted field":"q","it's":1,"from":"kw","empty":""}
            """);

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean where(String clause) {
        return Mql.parse("select * from stream where " + clause).matches(RECORD);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            status == 500                        | true
            status = 500                         | true
            status == 500.0                      | true
            status != 500                        | false
            status < 501                         | true
            status <= 500                        | true
            status > 500                         | false
            status >= 500                        | true
            500 == status                        | true
            latency > 12                         | true
            latency < 12.6                       | true
            neg < 0                              | true
            neg == -3                            | true
            big == 9007199254740993              | true
            big == 9007199254740992              | false
            big > 9007199254740992               | true
            status > 1e2                         | true
            code == 'E42'                        | true
            code != 'E43'                        | true
            code < 'E5'                          | true
            code >= 'E42'                        | true
            empty == ''                          | true
            user.name == 'ann'                   | true
            user.geo.country == 'NZ'             | true
            "user"."geo"."country" == 'NZ'       | true
            "quoted field" == 'q'                | true
            "it's" == 1                          | true
            "from" == 'kw'                       | true
            STATUS == 500                        | false
            ok == false                          | true
            ok != true                           | true
            live == true                         | true
            live                                 | true
            ok                                   | false
            status                               | false
            user.geo                             | false
            missing                              | false
            true                                 | true
            false                                | false
            status == user.name                  | false
            status == status                     | true
            user.name == user.name               | true
            """)
    void comparesNumbersStringsAndBooleans(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            status == '500'                      | false
            status != '500'                      | false
            code == 42                           | false
            code != 42                           | false
            code < 1                             | false
            ok < true                            | false
            ok > true                            | false
            ok == 0                              | false
            tags == 'a'                          | false
            tags != 'a'                          | false
            user == 'ann'                        | false
            user != 'ann'                        | false
            user.geo > 1                         | false
            """)
    void comparisonsBetweenTypesAreFalseEvenForNotEqual(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing == 1                         | false
            missing != 1                         | false
            missing < 1                          | false
            missing == missing                   | false
            nothing == 1                         | false
            nothing != 1                         | false
            missing.deeper == 1                  | false
            code.deeper == 1                     | false
            tags.a == 1                          | false
            not missing == 1                     | true
            missing is null                      | true
            missing.deeper is null               | true
            nothing is null                      | true
            nothing is not null                  | false
            status is null                       | false
            status is not null                   | true
            user.geo is not null                 | true
            missing =~ '.*'                      | false
            missing in (1, 2)                    | false
            missing not in (1, 2)                | false
            """)
    void missingFieldsAndNullsCompareFalseAndAreNull(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            path =~ '^/api/'                     | true
            path =~ 'v1'                         | true
            path =~ '^v1'                        | false
            path =~ '^/api/v\\d+/jobs$'          | true
            path =~ '(?i)^/API'                  | true
            code =~ 'E4[0-9]'                    | true
            status =~ '500'                      | false
            user =~ 'ann'                        | false
            "it's" =~ '1'                        | false
            'abc' =~ 'b'                         | true
            code =~ 'it''s'                      | false
            """)
    void regexesFindAPatternInStrings(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            code in ('E41', 'E42')               | true
            code in ('E41')                      | false
            code not in ('E41', 'E43')           | true
            code not in ('E42')                  | false
            status in (404, 500)                 | true
            status in (500.0)                    | true
            status not in (404, 503)             | true
            status in ('500', 404)               | false
            status not in ('500', 404)           | false
            status in ('a', 500)                 | true
            live in (true)                       | true
            ok not in (true)                     | true
            tags in ('a')                        | false
            """)
    void inListsMatchAnyLiteral(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            true or false and false              | true
            (true or false) and false            | false
            not false and false                  | false
            not (false and false)                | true
            false or not false                   | true
            not not true                         | true
            false or false or true               | true
            true and true and false              | false
            status == 500 and code == 'E42'      | true
            status == 404 or code == 'E42'       | true
            status == 404 OR code == 'E42' AND ok | false
            NOT (status == 404) And live         | true
            ((((status == 500))))                | true
            """)
    void orBindsLoosestThenAndThenNot(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @Test
    void recordsThatAreNotObjectsMatchOnlySelectAllWithoutWhere() {
        for (String json : new String[] {"[1,2]", "\"text\"", "42", "null", "true"}) {
            JsonNode record = read(json);
            assertThat(Mql.parse("select * from stream").apply(record)).as(json).isEqualTo(record);
            assertThat(Mql.parse("select * from stream where true").matches(record)).as(json).isFalse();
            assertThat(Mql.parse("select * from stream where missing is null").matches(record)).as(json).isFalse();
            assertThat(Mql.parse("select a from stream").apply(record)).as(json).isNull();
        }
    }

    @Test
    void aPatternThatBacktracksForeverIsAbandonedAsNoMatch() {
        var query = Mql.parse("select * from stream where s =~ '^(a|aa)*$'");
        JsonNode hostile = read("{\"s\":\"" + "a".repeat(90) + "!\"}");
        JsonNode fine = read("{\"s\":\"aaaa\"}");
        long started = System.nanoTime();
        assertThat(query.matches(hostile)).isFalse();
        assertThat(System.nanoTime() - started).as("unbounded, this match runs for hours").isLessThan(5_000_000_000L);
        assertThat(query.matches(fine)).isTrue();
    }

    @Test
    void aValueLongerThanTheInputCapIsNoMatch() {
        var query = Mql.parse("select * from stream where s =~ 'a'");
        assertThat(query.matches(read("{\"s\":\"" + "a".repeat(RegexBudget.MAX_INPUT_CHARS) + "\"}"))).isTrue();
        assertThat(query.matches(read("{\"s\":\"" + "a".repeat(RegexBudget.MAX_INPUT_CHARS + 1) + "\"}"))).isFalse();
    }

    @Test
    void aPatternThatOverflowsTheStackIsNoMatch() {
        var query = Mql.parse("select * from stream where s =~ '^(a|b)*$'");
        assertThat(query.matches(read("{\"s\":\"" + "ab".repeat(200_000) + "\"}"))).isFalse();
        assertThat(query.matches(read("{\"s\":\"abab\"}"))).isTrue();
    }
}
