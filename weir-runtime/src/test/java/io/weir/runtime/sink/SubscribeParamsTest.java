package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.weir.mql.Mql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query strings to subscribe parameters, as a table. */
class SubscribeParamsTest {

    private static SubscribeParams parse(String query) {
        return SubscribeParams.parse(new QueryStringDecoder("/?" + query).parameters(), 5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            ''                                      | null | null | 0   | 0 | false
            clientId=a                              | a    | null | 0   | 0 | false
            clientId=a&slotId=s                     | a    | s    | 0   | 0 | false
            sampleMSec=250                          | null | null | 250 | 0 | false
            sampleMSec=0                            | null | null | 0   | 0 | false
            enablePings=true                        | null | null | 0   | 5000 | false
            enablePings=TRUE&heartbeatSec=2         | null | null | 0   | 2000 | false
            heartbeatSec=3                          | null | null | 0   | 3000 | false
            heartbeatMSec=250                       | null | null | 0   | 250  | false
            heartbeatSec=3&enablePings=false        | null | null | 0   | 0    | false
            enableMetaMessages=true                 | null | null | 0   | 0 | true
            enableMetaMessages=false&unknown=ignored| null | null | 0   | 0 | false
            """)
    void parsesValidQueries(String query, String clientId, String slotId, long sample, long heartbeat, boolean meta) {
        assertThat(parse(query)).isEqualTo(new SubscribeParams(clientId, slotId, sample, heartbeat, meta));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sampleMSec=abc          | sampleMSec: 'abc' (expected: an integer number of milliseconds, 0 to 86400000)
            sampleMSec=-5           | sampleMSec: '-5' (expected: an integer number of milliseconds, 0 to 86400000)
            heartbeatSec=0          | heartbeatSec: '0' (expected: an integer number of seconds, 1 to 3600)
            heartbeatSec=99999      | heartbeatSec: '99999' (expected: an integer number of seconds, 1 to 3600)
            heartbeatMSec=10        | heartbeatMSec: '10' (expected: an integer number of milliseconds, 50 to 3600000)
            heartbeatMSec=100&heartbeatSec=1 | heartbeatMSec: '100' (expected: either heartbeatSec or heartbeatMSec, not both)
            enablePings=on          | enablePings: 'on' (expected: true or false)
            enableMetaMessages=     | enableMetaMessages: '' (expected: true or false)
            slotId=s                | slotId: 's' (expected: a clientId as well, slots are per client group)
            clientId=               | clientId: '' (expected: a non-blank string of at most 256 characters)
            subscriptionId=         | subscriptionId: '' (expected: a non-blank string of at most 256 characters)
            mql=select * form stream| mql: unexpected 'form' at 10 (expected: from, window, where, group by, having, order by, limit, sample or the end of the query)
            criterion=select a,     | mql: unexpected end of query at 10 (expected: a field, a literal, an aggregate or *)
            mql=select count(*) from s | mql: an aggregate without window at 8 is not supported (expected: a window, e.g. ... from stream window 10)
            mql=                    | mql: unexpected end of query at 1 (expected: select)
            mql=select * from s&criterion=select * from s | criterion: 'select * from s' (expected: either mql or criterion, not both; they are the same query)
            """)
    void rejectsBadQueriesNamingTheParameterAndTheExpectedForm(String query, String message) {
        assertThatThrownBy(() -> parse(query)).isInstanceOf(BadParameterException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
            mql=select a from stream where b > 1                  | select a from stream where b > 1 | null
            criterion=select * from stream where b =~ '^x'        | select * from stream where b =~ '^x' | null
            mql=select * from s&subscriptionId=sub-1              | select * from s                  | sub-1
            subscriptionId=sub-1                                  | null                             | sub-1
            mql=select count(*) as c from s window 2              | select count(*) as c from s window 2 | null
            """)
    void parsesTheQueryOnceAndItsSubscription(String query, String mql, String subscriptionId) {
        SubscribeParams params = parse(query);
        assertThat(params.query()).isEqualTo(mql == null ? null : Mql.parse(mql));
        assertThat(params.subscriptionId()).isEqualTo(subscriptionId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                         | false
            mql=select * from stream                   | false
            mql=SELECT * FROM anything                 | false
            mql=select * from stream where a == 1      | true
            mql=select a from stream                   | true
            """)
    void onlyAQueryThatCanChangeTheStreamIsAFilter(String query, boolean filters) {
        assertThat(parse(query).filter() != null).isEqualTo(filters);
    }

    @Test
    void aQueryUpToTheLengthLimitIsAcceptedAndOneCharacterMoreIsNot() {
        String query = "select * from stream where " + "a".repeat(Mql.MAX_QUERY_LENGTH - 27 - 8) + " is null";
        assertThat(query).hasSize(Mql.MAX_QUERY_LENGTH);
        assertThat(SubscribeParams.parse(Map.of("mql", List.of(query)), 5).query().text()).isEqualTo(query);
        assertThatThrownBy(() -> SubscribeParams.parse(Map.of("mql", List.of(query + " ")), 5))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("mql: query of 4097 characters (expected: at most 4096)");
    }
}
