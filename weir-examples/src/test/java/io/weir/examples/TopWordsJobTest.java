package io.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.examples.TopWordsJob.TopWords;
import io.weir.examples.WordCountJob.WordCount;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

class TopWordsJobTest {

    @Test
    void theTopHoldsTheHighestLatestCountsAndForgetsTheLowestBeyondItsBound() {
        var board = new Leaderboard(2, 3);
        board.add(new WordCount("a", 5)).add(new WordCount("b", 7)).add(new WordCount("c", 1)).add(new WordCount("a", 9));
        assertThat(board.top()).containsExactly(new WordCount("a", 9), new WordCount("b", 7));
        board.add(new WordCount("d", 2)).add(new WordCount("a", 1));
        assertThat(board.top()).containsExactly(new WordCount("b", 7), new WordCount("d", 2));
        assertThatThrownBy(() -> new Leaderboard(0, 3)).hasMessageContaining("expected: 1 <= n <= maxWords");
    }

    @Test
    void theTopIsEmittedPerIntervalOnlyWhenItChanged() {
        Sinks.Many<WordCount> counts = Sinks.many().unicast().onBackpressureBuffer();
        var emitted = new CopyOnWriteArrayList<TopWords>();
        Disposable running = TopWordsJob.top(counts.asFlux(), 2, 10, Duration.ofMillis(20)).subscribe(emitted::add);
        try {
            counts.tryEmitNext(new WordCount("x", 1));
            counts.tryEmitNext(new WordCount("y", 3));
            await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 1);
            counts.tryEmitNext(new WordCount("x", 4));
            await().atMost(Duration.ofSeconds(5)).until(() -> emitted.size() == 2);
            assertThat(emitted).containsExactly(new TopWords(List.of(new WordCount("y", 3), new WordCount("x", 1))),
                    new TopWords(List.of(new WordCount("x", 4), new WordCount("y", 3))));
        } finally {
            running.dispose();
        }
    }

    @Test
    void twoStagesReadingTheWordCountByNameAndBadParametersAreRefused() {
        var job = new TopWordsJob();
        var context = new JobContext("top-1", 1, 2, 0, 1, Parameters.validate(job.parameters(), Map.of()), new SimpleMeterRegistry());
        var topology = job.topology(context);
        assertThat(topology.stages()).hasSize(2);
        assertThat(topology.source()).hasToString("JobSource[wordcount, " + TopWordsJob.QUERY + "]");
        var bad = new JobContext("top-1", 1, 2, 0, 1, Parameters.validate(job.parameters(), Map.of("n", "0")), new SimpleMeterRegistry());
        assertThatThrownBy(() -> job.topology(bad)).hasMessageContaining("expected: n 1 to 1000");
        assertThat(TopWordsJob.parse("{\"word\":\"weir\",\"count\":12}")).isEqualTo(new WordCount("weir", 12));
    }
}
