package io.weir.examples;

import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;

/**
 * Word count: synthetic sentences (stage 1) → words (scalar, stage 2) → running counts per word (keyed, stage 3, the
 * sink), emitted as {@code {"word":"...","count":n}} each time a word's count changes.
 */
public final class WordCountJob implements WeirJob {

    private static final String[] SENTENCES = {
        "the quick brown fox jumps over the lazy dog",
        "a weir holds back the river and lets it through",
        "streams of words flow from stage to stage",
        "every worker knows its peers from discovery",
    };

    /** A word and how often it has been seen by its worker. */
    public record WordCount(String word, long count) {
    }

    @Override
    public List<ParameterDefinition> parameters() {
        return List.of(ParameterDefinition.of("sentencesPerSecond", Type.INT, "10", "sentences per second per source worker, > 0"));
    }

    @Override
    public Topology topology(JobContext context) {
        int rate = Math.max(1, context.parameters().intValue("sentencesPerSecond"));
        return Topology.from(ctx -> sentences(rate), Codecs.string())
                .whenNoCredit(NoCreditPolicy.DROP)
                .then(StageSpec.<String, String>scalar(f -> f, Codecs.string()))
                .then(StageSpec.flatMapIterable(WordCountJob::words, Codecs.string()))
                .then(StageSpec.keyed(w -> w, group -> group.scan(new WordCount(group.key(), 0),
                        (acc, w) -> new WordCount(acc.word(), acc.count() + 1)).skip(1), Codecs.json(WordCount.class)))
                .toSink();
    }

    static Flux<String> sentences(int rate) {
        long periodMillis = Math.max(1, 1000 / rate);
        return Flux.interval(Duration.ofMillis(periodMillis)).map(i -> SENTENCES[(int) (i % SENTENCES.length)]);
    }

    static List<String> words(String sentence) {
        return Arrays.stream(sentence.toLowerCase(Locale.ROOT).split("\\W+")).filter(w -> !w.isEmpty()).toList();
    }
}
