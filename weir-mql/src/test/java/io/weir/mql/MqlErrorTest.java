package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed query gets an {@link MqlException} naming the 1-based position and what was expected there. */
class MqlErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            select * form stream                  | mql: unexpected 'form' at 10 (expected: from)
            ``                                    | mql: unexpected end of query at 1 (expected: select)
            from stream                           | mql: unexpected 'from' at 1 (expected: select)
            select                                | mql: unexpected end of query at 7 (expected: a field or *)
            select a b from s                     | mql: unexpected 'b' at 10 (expected: ',', as or from)
            select a, from s                      | mql: unexpected 'from' at 11 (expected: a field or *; quote a field named like a keyword: "from")
            select a as from s                    | mql: unexpected 'from' at 13 (expected: an output name; quote a field named like a keyword: "from")
            select a. from s                      | mql: unexpected 'from' at 11 (expected: a field name after '.'; quote a field named like a keyword: "from")
            select e["x"] from s                  | mql: unexpected '[' at 9 (expected: a path like a.b or "a"."b c"; write e["x"] as x or "x")
            select 'a' from s                     | mql: unexpected ''a'' at 8 (expected: a field or *)
            select * from                         | mql: unexpected end of query at 14 (expected: a stream name, e.g. stream)
            select * from s x                     | mql: unexpected 'x' at 17 (expected: where or the end of the query)
            select * from s where                 | mql: unexpected end of query at 22 (expected: a field, a literal, not or ()
            select * from s where a ==            | mql: unexpected end of query at 27 (expected: a field, a number, a 'string', true or false)
            select * from s where a == null       | mql: unexpected 'null' at 28 (expected: a field, a number, a 'string', true or false; test for null with is null or is not null)
            select * from s where a is            | mql: unexpected end of query at 27 (expected: null or not null)
            select * from s where a is not 1      | mql: unexpected '1' at 32 (expected: null)
            select * from s where a in 1          | mql: unexpected '1' at 28 (expected: ( and a list of literals, e.g. in ('a', 'b'))
            select * from s where a in ()         | mql: unexpected ')' at 29 (expected: a number, a 'string', true or false)
            select * from s where a in (1, b)     | mql: unexpected 'b' at 32 (expected: a number, a 'string', true or false)
            select * from s where a in (1 2)      | mql: unexpected '2' at 31 (expected: ',' or ))
            select * from s where a =~ b          | mql: unexpected 'b' at 28 (expected: a regex in single quotes, e.g. '^GET /api')
            select * from s where a b             | mql: unexpected 'b' at 25 (expected: an operator (==, !=, <, <=, >, >=, =~, is, in), and, or or the end of the query)
            select * from s where 1               | mql: unexpected end of query at 24 (expected: an operator (==, !=, <, <=, >, >=, =~, is, in))
            select * from s where (a == 1         | mql: unexpected end of query at 30 (expected: and, or or ))
            select * from s where a == 1)         | mql: unexpected ')' at 29 (expected: and, or or the end of the query)
            select * from s where a == 1 and      | mql: unexpected end of query at 33 (expected: a field, a literal, not or ()
            select * from s where a ! 1           | mql: unexpected '!' at 25 (expected: != or the keyword not)
            select * from s where a == 'x         | mql: unterminated string at 28 (expected: a closing '; double it to put one inside)
            select "a from s                      | mql: unterminated quoted name at 8 (expected: a closing "; double it to put one inside)
            select * from s where a == 1.         | mql: unexpected '1.' at 28 (expected: a number like 7, -2.5 or 1e3; quote a field name that starts with a digit)
            select * from s where a == 3x         | mql: unexpected '3x' at 28 (expected: a number like 7, -2.5 or 1e3; quote a field name that starts with a digit)
            select * from s where a == 1e999      | mql: number '1e999' out of range at 28 (expected: a number within a double's range)
            select * from s where a # 1           | mql: unexpected '#' at 25 (expected: a field, a 'string', a number, an operator or a keyword)
            select a, a from s                    | mql: output field 'a' selected twice at 11 (expected: distinct output fields; rename one with as)
            select a.b, a from s                  | mql: output field 'a' selected twice at 13 (expected: distinct output fields; rename one with as)
            select a, b.c as a.x from s           | mql: output field 'a' selected twice at 11 (expected: distinct output fields; rename one with as)
            select a as x, b as x from s          | mql: output field 'x' selected twice at 16 (expected: distinct output fields; rename one with as)
            """)
    void namesThePositionAndWhatWasExpected(String query, String message) {
        assertThatThrownBy(() -> Mql.parse(query)).isInstanceOf(MqlException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ^(a+)+$          | no repeated group that itself repeats, like (a+)+ or (a*b)*
            (x(a*)b)*        | no repeated group that itself repeats
            ((ab){2,})+      | no repeated group that itself repeats
            (\\w+\\s?)*$     | no repeated group that itself repeats
            ^(a)\\1$          | no backreferences
            (?<x>a)\\k<x>     | no backreferences
            """)
    void anExpensiveRegexIsRefusedNamingTheLimit(String regex, String message) {
        assertThatThrownBy(() -> Mql.parse("select * from s where a =~ '" + regex + "'"))
                .isInstanceOf(MqlException.class)
                .hasMessageStartingWith("mql: regex '" + regex + "' at 28 is over its budget (expected: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"^(GET|POST) /api/v\\d+", "(ab)+c*", "(\\p{L})+", "(a{1,1})+", "\\(a+\\)+", "[(a+)]+", "(?:ab)+"})
    void cheapRegexesPass(String regex) {
        Mql.parse("select * from s where a =~ '" + regex + "'");
    }

    @Test
    void aRegexOverItsLengthOrCountIsRefused() {
        String longRegex = "a".repeat(RegexBudget.MAX_LENGTH + 1);
        assertThatThrownBy(() -> Mql.parse("select * from s where a =~ '" + longRegex + "'"))
                .hasMessageContaining("is over its budget (expected: a regex of at most 256 characters, not 257)");
        String nine = String.join(" or ", java.util.Collections.nCopies(9, "a =~ 'x'"));
        assertThatThrownBy(() -> Mql.parse("select * from s where " + nine))
                .hasMessageContaining("is one too many (expected: at most 8 regexes per query)");
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
                .hasMessage("mql: unexpected '" + "x".repeat(32) + "...' at 17 (expected: where or the end of the query)");
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThat(new MqlException("m", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
