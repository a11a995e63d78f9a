package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir demo failover} as a user runs it: a master and agents as processes, a client session on a two-worker
 * sink, the serving worker's agent killed with SIGKILL. The session must carry on under the same id, and every
 * process the demo started must be gone when it exits.
 */
class FailoverDemoTest {

    private static final Pattern ROW = Pattern.compile("^1\\s+(\\d+) \\(\\S+\\)\\s+(\\d+) \\(\\S+\\)\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+)\\s+(\\d+)$");

    @TempDir
    Path dataDir;

    @Test
    void theSessionCarriesOnThroughAKillAndNothingIsLeftRunning() throws Exception {
        try (var demo = DemoRun.start("failover", "--kills", "1", "--min-wait-ms", "1000", "--max-wait-ms", "2000",
                "--data-dir", dataDir.toString())) {
            String all = demo.awaitSuccess(Duration.ofMinutes(4));
            assertThat(all).contains("The session carried on through every kill.");

            var sessionOpened = Pattern.compile("Session (s-[0-9a-f]+) opened").matcher(all);
            assertThat(sessionOpened.find()).as(all).isTrue();
            assertThat(all).contains("Session " + sessionOpened.group(1) + " (one id throughout)");

            var row = demo.lines().stream().map(ROW::matcher).filter(Matcher::matches).findFirst().orElseThrow(
                    () -> new AssertionError("no timeline row in:\n" + all));
            assertThat(row.group(2)).as("served by another worker after the kill").isNotEqualTo(row.group(1));
            assertThat(Long.parseLong(row.group(4))).as("reconnected within 2 s of the kill").isLessThan(2_000);
            assertThat(Long.parseLong(row.group(8))).as("records after the kill").isPositive();
            System.out.println("demo failover: detected " + row.group(3) + " ms, reconnected " + row.group(4) + " ms, first record "
                    + row.group(5) + " ms, replaced by the master " + row.group(6) + " ms after the kill");

            demo.assertNothingLeftRunning(4);
        }
    }
}
