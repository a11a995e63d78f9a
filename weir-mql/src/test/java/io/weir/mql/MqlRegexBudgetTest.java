package io.weir.mql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MqlRegexBudgetTest {

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
        assertThatThrownBy(() -> Mql.parse("select * from s where e[\"a\"] =~ '" + regex + "'"))
                .isInstanceOf(MqlException.class)
                .hasMessageStartingWith("mql: regex '" + regex + "' at ")
                .hasMessageContaining(" is over its budget (expected: " + message);
    }

    @Test
    void theMantisRegexOperatorHasTheSameBudget() {
        assertThatThrownBy(() -> Mql.parse("select * from s where e[\"a\"] ==~ /^(a+)+$/"))
                .hasMessageContaining("is over its budget (expected: no repeated group that itself repeats");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"^(GET|POST) /api/v\\d+", "(ab)+c*", "(\\p{L})+", "(a{1,1})+", "\\(a+\\)+", "[(a+)]+", "(?:ab)+"})
    void cheapRegexesPass(String regex) {
        Mql.parse("select * from s where e[\"a\"] =~ '" + regex + "'");
    }

    @Test
    void aRegexOverItsLengthOrCountIsRefused() {
        String longRegex = "a".repeat(RegexBudget.MAX_LENGTH + 1);
        assertThatThrownBy(() -> Mql.parse("select * from s where e[\"a\"] =~ '" + longRegex + "'"))
                .hasMessageContaining("is over its budget (expected: a regex of at most 256 characters, not 257)");
        String nine = String.join(" or ", java.util.Collections.nCopies(9, "e[\"a\"] =~ 'x'"));
        assertThatThrownBy(() -> Mql.parse("select * from s where " + nine))
                .hasMessageContaining("is one too many (expected: at most 8 regexes per query)");
    }

    @Test
    void aValueLongerThanTheInputLimitDoesNotMatch() {
        var q = Mql.parse("select * from s where e[\"a\"] =~ 'x'");
        var record = JsonNodeFactory.instance.objectNode();
        record.put("a", "x".repeat(RegexBudget.MAX_INPUT_CHARS));
        assertThat(q.matches(record)).isTrue();
        record.put("a", "x".repeat(RegexBudget.MAX_INPUT_CHARS + 1));
        assertThat(q.matches(record)).isFalse();
    }
}
