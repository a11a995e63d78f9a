package io.weir.examples;

import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Ticks;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;

/**
 * Word count: synthetic sentences (stage 1) → words (scalar, stage 2) → running counts per word (keyed, stage 3, the
 * sink), emitted as {@code {"word":"...","count":n}} each time a word's count changes. Sentence {@code i} is always
 * {@code SENTENCES[i % 4]}, so the counts after {@code sentences} sentences are known exactly ({@link #expectedCounts}).
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
        return List.of(ParameterDefinition.of("sentencesPerSecond", Type.INT, "10", "sentences per second per source worker, > 0"),
                ParameterDefinition.of("sentences", Type.LONG, "0", "sentences each source worker emits, then it idles; 0 for no end"),
                ParameterDefinition.of("waitForCredit", Type.BOOLEAN, "false",
                        "true: the source waits while the job is busy (nothing lost); false: it drops sentences and counts them"));
    }

    @Override
    public Topology topology(JobContext context) {
        int rate = Math.max(1, context.parameters().intValue("sentencesPerSecond"));
        long total = context.parameters().longValue("sentences");
        boolean wait = context.parameters().bool("waitForCredit");
        return Topology.from(ctx -> sentences(rate, total, wait), Codecs.string())
                .whenNoCredit(wait ? NoCreditPolicy.WAIT : NoCreditPolicy.DROP)
                .then(StageSpec.<String, String>scalar(f -> f, Codecs.string()))
                .then(StageSpec.flatMapIterable(WordCountJob::words, Codecs.string()))
                .then(StageSpec.keyed(w -> w, group -> group.scan(new WordCount(group.key(), 0),
                        (acc, w) -> new WordCount(acc.word(), acc.count() + 1)).skip(1), Codecs.json(WordCount.class)))
                .toSink();
    }

    /**
     * {@code total} sentences (0: endless) at {@code rate} per second, then silence (the worker stays up). Waiting for
     * credit, the clock pauses with the demand; dropping, it ticks on regardless.
     */
    static Flux<String> sentences(int rate, long total, boolean waitForCredit) {
        Duration period = Duration.ofNanos(1_000_000_000L / rate);
        long n = total > 0 ? total : Long.MAX_VALUE;
        Flux<Long> ticks = waitForCredit ? Ticks.every(period) : Flux.interval(period);
        return ticks.take(n).map(i -> SENTENCES[(int) (i % SENTENCES.length)]).concatWith(Flux.never());
    }

    /** The count of every word once {@code sentences} sentences have been counted. */
    public static java.util.Map<String, Long> expectedCounts(long sentences) {
        var counts = new java.util.TreeMap<String, Long>();
        for (int s = 0; s < SENTENCES.length; s++) {
            long times = sentences / SENTENCES.length + (s < sentences % SENTENCES.length ? 1 : 0);
            for (String w : words(SENTENCES[s])) {
                counts.merge(w, times, Long::sum);
            }
        }
        return counts;
    }

    static List<String> words(String sentence) {
        return Arrays.stream(sentence.toLowerCase(Locale.ROOT).split("\\W+")).filter(w -> !w.isEmpty()).toList();
    }
}
