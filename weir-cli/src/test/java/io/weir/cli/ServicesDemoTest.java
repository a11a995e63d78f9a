package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir demo services} as a user runs it: a master and three agents as processes, a token service whose two
 * workers fail by themselves every 3 to 6 s (or, with {@code --hang}, whose serving worker is frozen every 4 to 6 s),
 * and one session streaming 20 s of tokens through the failovers. It must end with every token once and in order, a
 * row per failover, and none of the processes it started left running.
 */
class ServicesDemoTest {

    private static final Pattern ROW = Pattern.compile(
            "^(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+)\\s+(.+)$");

    @TempDir
    Path dataDir;

    @Test
    void oneSessionStreamsEveryTokenOnceThroughWorkersFailingAtRandom() throws Exception {
        List<Matcher> rows = runDemo("--fail-after", "3-6");
        for (Matcher row : rows) {
            assertThat(row.group(3)).as("served by another worker after: %s", row.group()).isNotEqualTo(row.group(2));
        }
    }

    @Test
    void aFrozenServingWorkerIsNoticedByMissedPingsAndTheSessionGoesOnElsewhere() throws Exception {
        List<Matcher> rows = runDemo("--hang", "--fail-after", "4-6", "--seed", "1");
        var frozen = rows.stream().filter(r -> r.group(9).startsWith("SIGSTOP, missed pings")).toList();
        assertThat(frozen).as("failovers after a freeze").isNotEmpty();
        for (Matcher row : frozen) {
            assertThat(row.group(3)).as("served by another worker after: %s", row.group()).isNotEqualTo(row.group(2));
            assertThat(Long.parseLong(row.group(5))).as("detected by 3 missed 100 ms pings: %s", row.group()).isLessThan(3_000);
        }
    }

    /** Runs {@code weir demo services} for 20 s with {@code options}; checks what every run must show; returns the failover rows. */
    private List<Matcher> runDemo(String... options) throws Exception {
        var args = new ArrayList<>(List.of("--duration", "20", "--cooldown", "1", "--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        try (var demo = DemoRun.start("services", args.toArray(String[]::new))) {
            String all = demo.awaitSuccess(Duration.ofMinutes(6));
            assertThat(all).contains("All 400 tokens arrived once each and in order, as TokenServiceJob.tokens says: no gap, no duplicate.");

            var session = Pattern.compile("==> Session (s-[0-9a-f-]+) asks for 400 tokens").matcher(all);
            assertThat(session.find()).as(all).isTrue();
            assertThat(all).contains("Session " + session.group(1) + " (one id throughout): 400 tokens");

            List<Matcher> rows = demo.lines().stream().map(ROW::matcher).filter(Matcher::matches).toList();
            assertThat(rows).as("a row per failover in:\n%s", all).isNotEmpty();
            for (Matcher row : rows) {
                assertThat(Long.parseLong(row.group(7))).as("first token after: %s", row.group())
                        .isGreaterThanOrEqualTo(Long.parseLong(row.group(6)));
                System.out.println("demo services " + String.join(" ", options) + ": " + row.group());
            }
            demo.assertNothingLeftRunning(4);
            return rows;
        }
    }
}
