package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.mql.Mql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupAggregateTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinkMetrics metrics = new SinkMetrics(meters, () -> 0);
    private final WindowTimer timer = new WindowTimer();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopTimer() {
        timer.close();
    }

    private GroupAggregate aggregate(String query) {
        return new GroupAggregate(Mql.parse(query), timer, metrics,
                (frame, nanos, m) -> events.add(new String(frame, StandardCharsets.UTF_8)));
    }

    @Test
    void aClosedWindowHandsOutOneEventPerOutputRecord() throws Exception {
        var agg = aggregate("select count(*) as n from stream window 1 where e[\"ok\"] == true");
        agg.start();
        agg.accept(json.readTree("{\"ok\":true}"));
        agg.accept(json.readTree("{\"ok\":true}"));
        agg.accept(json.readTree("{\"ok\":false}"));
        agg.accept(null);

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
        assertThat(events).containsExactly("data: {\"n\":2}\n\n");
        assertThat(meters.find("weir.sink.filtered.records").counter().count()).isEqualTo(2);
        agg.stop();
    }

    @Test
    void stopCancelsTheTimerForGoodAndIgnoresLaterRecords() throws Exception {
        var agg = aggregate("select count(*) as n from stream window 1");
        agg.start();
        assertThat(timer.pending()).isEqualTo(1);

        agg.stop();
        agg.start();
        assertThat(timer.pending()).isZero();
        assertThat(agg.accept(json.readTree("{}"))).isFalse();
    }

    @Test
    void refusesAQueryWithoutAggregates() {
        assertThatThrownBy(() -> aggregate("select * from stream"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query: select * from stream (expected: an aggregate query)");
    }
}
