package io.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordCountJobTest {

    @Test
    void sentencesSplitIntoLowerCaseWords() {
        assertThat(WordCountJob.words("The quick, brown fox!")).containsExactly("the", "quick", "brown", "fox");
    }

    @Test
    void theSyntheticSourceNumbersItsEventsAtTheRate() {
        var events = SyntheticSourceJob.events(1000, 3).take(50).collectList().block(Duration.ofSeconds(5));
        assertThat(events).extracting(SyntheticSourceJob.Event::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 50).boxed().toList());
        assertThat(events).allMatch(e -> e.worker() == 3);
    }

    @Test
    void wordCountHasThreeStagesTheLastKeyed() {
        var ctx = new io.weir.runtime.api.JobContext("wc-1", 1, 3, 0, 1,
                io.weir.runtime.api.Parameters.validate(new WordCountJob().parameters(), java.util.Map.of()),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        var stages = new WordCountJob().topology(ctx).stages();
        assertThat(stages).hasSize(3);
        assertThat(stages.get(2).isKeyed()).isTrue();
        assertThat(List.of(stages.get(0).isKeyed(), stages.get(1).isKeyed())).containsOnly(false);
    }

    @Test
    void aFiniteSourceEmitsExactlyItsSentencesThenIdles() {
        var sentences = WordCountJob.sentences(10_000, 6, true).take(Duration.ofMillis(500)).collectList().block(Duration.ofSeconds(5));
        assertThat(sentences).hasSize(6);
        assertThat(sentences.get(4)).isEqualTo(sentences.get(0));
        var counts = new java.util.TreeMap<String, Long>();
        sentences.forEach(s -> WordCountJob.words(s).forEach(w -> counts.merge(w, 1L, Long::sum)));
        assertThat(WordCountJob.expectedCounts(6)).isEqualTo(counts);
    }

    @Test
    void theKeyedCountsMatchTheExpectedCountsWithSeveralWorkersPerStage() {
        var sentences = WordCountJob.sentences(1_000_000, 400, false).take(400).collectList().block(Duration.ofSeconds(5));
        List<WordCountJob.WordCount> out = io.weir.testkit.JobTester.of(new WordCountJob())
                .workers(1, 2).workers(2, 3).workers(3, 2).input(sentences).run();
        var last = new java.util.TreeMap<String, Long>();
        out.forEach(c -> last.merge(c.word(), c.count(), Math::max));
        assertThat(last).isEqualTo(WordCountJob.expectedCounts(400));
    }
}
