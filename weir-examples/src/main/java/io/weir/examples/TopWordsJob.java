package io.weir.examples;

import io.weir.client.source.Sources;
import io.weir.examples.WordCountJob.WordCount;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Top words: reads the word count's output by its cluster's name ({@code upstream}, default {@code wordcount}) and
 * follows each new job of it; stage 1 (any number of workers, which split the upstream's records) passes the counts
 * on, stage 2 (one worker, the sink) emits {@code {"top":[{"word":..,"count":..},...]}} every {@code emitMillis} when
 * it changed. After the upstream is replaced, counts start again from the new job's.
 */
public final class TopWordsJob implements WeirJob {

    /** The {@code n} words with the highest latest counts, highest first. */
    public record TopWords(List<WordCount> top) {
    }

    static final String QUERY = "select e[\"word\"] as word, e[\"count\"] as count from stream where e[\"count\"] > 0";

    @Override
    public List<ParameterDefinition> parameters() {
        return List.of(ParameterDefinition.of("upstream", Type.STRING, "wordcount", "the job cluster whose word counts are read"),
                ParameterDefinition.of("n", Type.INT, "5", "how many words the top has, 1 to 1000"),
                ParameterDefinition.of("emitMillis", Type.INT, "1000", "how often the top is emitted when it changed, in ms, >= 10"),
                ParameterDefinition.of("maxWords", Type.INT, "100000", "words remembered; the lowest are forgotten first"));
    }

    @Override
    public Topology topology(JobContext context) {
        var p = context.parameters();
        int n = p.intValue("n");
        int maxWords = p.intValue("maxWords");
        int emitMillis = p.intValue("emitMillis");
        if (n < 1 || n > 1000 || emitMillis < 10 || maxWords < n) {
            throw new IllegalArgumentException("n " + n + ", emitMillis " + emitMillis + ", maxWords " + maxWords
                    + " (expected: n 1 to 1000, emitMillis >= 10, maxWords >= n)");
        }
        return Topology.from(Sources.job(p.string("upstream"), QUERY), Codecs.string())
                .then(StageSpec.map(TopWordsJob::parse, Codecs.json(WordCount.class)))
                .then(StageSpec.scalar(counts -> top(counts, n, maxWords, Duration.ofMillis(emitMillis)), Codecs.json(TopWords.class)))
                .toSink();
    }

    /** Every {@code every}, the top {@code n} of the counts seen so far, when it differs from the last one emitted. */
    static Flux<TopWords> top(Flux<WordCount> counts, int n, int maxWords, Duration every) {
        return Flux.defer(() -> {
            var board = new Leaderboard(n, maxWords);
            return counts.window(every)
                    .concatMap(window -> window.reduce(board, Leaderboard::add).defaultIfEmpty(board).map(b -> new TopWords(b.top())))
                    .filter(t -> !t.top().isEmpty())
                    .distinctUntilChanged();
        });
    }

    static WordCount parse(String json) {
        return Codecs.json(WordCount.class).decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
