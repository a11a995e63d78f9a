package io.weir.examples;

import io.weir.examples.WordCountJob.WordCount;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The latest count of at most {@code maxWords} words (the lowest is forgotten first) and the top {@code n} of them. Not thread-safe. */
final class Leaderboard {

    private static final Comparator<WordCount> BY_COUNT = Comparator.comparingLong(WordCount::count).reversed()
            .thenComparing(WordCount::word);

    private final int n;
    private final int maxWords;
    private final Map<String, Long> counts = new HashMap<>();

    Leaderboard(int n, int maxWords) {
        if (n < 1 || maxWords < n) {
            throw new IllegalArgumentException("top " + n + " of at most " + maxWords + " words (expected: 1 <= n <= maxWords)");
        }
        this.n = n;
        this.maxWords = maxWords;
    }

    Leaderboard add(WordCount count) {
        counts.put(count.word(), count.count());
        if (counts.size() > maxWords) {
            counts.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).ifPresent(counts::remove);
        }
        return this;
    }

    List<WordCount> top() {
        return counts.entrySet().stream().map(e -> new WordCount(e.getKey(), e.getValue())).sorted(BY_COUNT).limit(n).toList();
    }
}
