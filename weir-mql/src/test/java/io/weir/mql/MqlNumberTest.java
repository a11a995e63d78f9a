package io.weir.mql;

import static io.weir.mql.MqlMantisTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers compare by value, exactly beyond a long, whatever their JSON or literal form. */
class MqlNumberTest {

    private static final JsonNode RECORD = read("""
            {"big":12345678901234567891,"bigger":123456789012345678901234567890,"long":9223372036854775807,
             "dec":0.1,"one":1,"onef":1.0,"neg":-12345678901234567891}
            """);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            12345678901234567891 == 12345678901234567890 | false
            12345678901234567891 > 12345678901234567890  | true
            big == 12345678901234567891                  | true
            big == 12345678901234567890                  | false
            big != 12345678901234567890                  | true
            big > 12345678901234567890                   | true
            big < 12345678901234567892                   | true
            big > long                                   | true
            neg < -12345678901234567890                  | true
            bigger == 123456789012345678901234567890     | true
            bigger == 123456789012345678901234567891     | false
            bigger > 1.2345678901234567E29               | true
            big == 1.2345678901234567891E19              | true
            big == 1.2345678901234567890E19              | false
            long == 9223372036854775807                  | true
            long < 9223372036854775808                   | true
            dec == 0.1                                   | true
            one == 1.0                                   | true
            onef == 1                                    | true
            one in (2, 1.0)                              | true
            big in (12345678901234567891)                | true
            big in (12345678901234567890)                | false
            """)
    void comparesExactly(String clause, boolean expected) {
        assertThat(Mql.parse("select * from stream where " + clause).matches(RECORD)).isEqualTo(expected);
    }
}
