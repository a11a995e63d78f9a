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
             "tags":["a","b"],"items":[{"id":1},{"id":3}],"user":{"name":"ann","geo":{"country":"NZ"}},"nothing":null,
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
            e["status"] == 500                   | true
            e['status'] == 500                   | true
            status = 500                         | true
            status == 500.0                      | true
            status != 500                        | false
            status <> 500                        | false
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
            code == "E42"                        | true
            code != "E43"                        | true
            code < "E5"                          | true
            code >= "E42"                        | true
            empty == ""                          | true
            e["user"]["name"] == "ann"           | true
            e["user"]["geo"]["country"] == "NZ"  | true
            e["quoted field"] == "q"             | true
            e["it's"] == 1                       | true
            e["from"] == "kw"                    | true
            e["tags"][0] == "a"                  | true
            e["tags"][-1] == "b"                 | true
            e["tags"][2] == "b"                  | false
            e["user"][0] == "ann"                | false
            STATUS == 500                        | false
            ok == false                          | true
            ok != true                           | true
            live == true                         | true
            live                                 | true
            ok                                   | false
            status                               | false
            e["user"]["geo"]                     | false
            missing                              | false
            true                                 | true
            false                                | false
            status == e["user"]["name"]          | false
            status == status                     | true
            e["user"] == e["user"]               | true
            "it's" == 'it''s'                    | true
            "a""b" == 'a"b'                      | true
            """)
    void comparesNumbersStringsAndBooleans(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            status == "500"                      | false
            status != "500"                      | true
            code == 42                           | false
            code != 42                           | true
            code < 1                             | false
            ok < true                            | false
            ok > true                            | false
            ok == 0                              | false
            tags == "a"                          | false
            tags != "a"                          | true
            user == "ann"                        | false
            e["user"]["geo"] > 1                 | false
            """)
    void valuesOfDifferentTypesAreUnequalAndUnordered(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing == 1                         | false
            missing != 1                         | true
            missing < 1                          | false
            missing >= 1                         | false
            missing == missing                   | true
            missing == null                      | true
            nothing == null                      | true
            status == null                       | false
            status != null                       | true
            null == missing                      | true
            nothing == 1                         | false
            nothing != 1                         | true
            e["missing"]["deeper"] == 1          | false
            e["code"]["deeper"] == 1             | false
            e["tags"]["a"] == 1                  | false
            not missing == 1                     | true
            missing is null                      | true
            e["missing"]["deeper"] is null       | true
            nothing is null                      | true
            nothing is not null                  | false
            status is null                       | false
            status is not null                   | true
            e["user"]["geo"] is not null         | true
            missing =~ '.*'                      | false
            missing ==~ /.*/                     | false
            missing in (1, 2)                    | false
            missing not in (1, 2)                | true
            missing in (1, null)                 | true
            """)
    void missingFieldsAreNullAndNotEqualIsTheNegationOfEqual(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            path =~ '^/api/'                     | true
            path =~ 'v1'                         | true
            path =~ '^v1'                        | false
            path =~ '^/api/v\\d+/jobs$'          | true
            path =~ '(?i)^/API'                  | true
            path =~ /^\\/api/                     | true
            code =~ 'E4[0-9]'                    | true
            status =~ '500'                      | false
            user =~ 'ann'                        | false
            'abc' =~ 'b'                         | true
            code =~ 'it''s'                      | false
            path ==~ /\\/api\\/v1\\/jobs/          | true
            path ==~ /.*v1.*/                    | true
            path ==~ /v1/                        | false
            code ==~ /E4./                       | true
            status ==~ /5../                     | true
            latency ==~ /12\\.5/                  | true
            live ==~ /tr.e/                      | true
            user ==~ /.*/                        | false
            """)
    void regexesFindOrMatchWhole(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            code in ('E41', "E42")               | true
            code in ('E41')                      | false
            code not in ('E41', 'E43')           | true
            code not in ('E42')                  | false
            status in (404, 500)                 | true
            status in (500.0)                    | true
            status not in (404, 503)             | true
            status in ('500', 404)               | false
            status not in ('500', 404)           | true
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
            e["tags"][*] == "a"                  | true
            e["tags"][*] == "b"                  | true
            e["tags"][*] == "c"                  | false
            e["tags"][*] != "a"                  | true
            e["tags"][*] ==~ /[ab]/              | true
            e["tags"][*] =~ 'c'                  | false
            e["items"][*]["id"] > 2              | true
            e["items"][*]["id"] > 3              | false
            e["items"][*]["missing"] == 1        | false
            e["user"][*] == "ann"                | true
            e["code"][*] == "E42"                | false
            e["missing"][*] == 1                 | false
            not e["tags"][*] == "c"              | true
            """)
    void starMatchesWhenAnyElementDoes(String clause, boolean expected) {
        assertThat(where(clause)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            true or false and false              ; true
            (true or false) and false            ; false
            not false and false                  ; false
            not (false and false)                ; true
            ! (false and false)                  ; true
            !false && false                      ; false
            false || !false                      ; true
            false or not false                   ; true
            not not true                         ; true
            false or false or true               ; true
            true and true and false              ; false
            status == 500 and code == 'E42'      ; true
            status == 404 or code == 'E42'       ; true
            status == 404 OR code == 'E42' AND ok ; false
            status == 404 || code == 'E42' && ok ; false
            NOT (status == 404) And live         ; true
            not status == 404                    ; true
            ((((status == 500))))                ; true
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
