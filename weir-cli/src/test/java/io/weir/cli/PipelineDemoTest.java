package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir demo pipeline} as a user runs it: a master, and a source, a processor and a sink that find each other
 * through the registry, each a process. Killed and restarted participants are found again by event type, without a
 * master by the configured endpoint and the last known set, and nothing the source sent after a reconnection is lost.
 */
class PipelineDemoTest {

    private static final Pattern ROW = Pattern.compile(
            "^(source restarted|processor restarted|processor restarted, no master)\\s+(\\d+|-)( ms)?\\s+(\\d+|-)( ms)?\\s+(\\d+) ms\\s+(\\d+) ms\\s+(\\d+)\\s+(\\d+)$");

    @TempDir
    Path dataDir;

    @Test
    void participantsFindEachOtherAgainAfterEachRestartAndNoRecordIsLost() throws Exception {
        try (var demo = DemoRun.start("pipeline", "--down-ms", "1500", "--verify-ms", "1000", "--data-dir", dataDir.toString())) {
            String all = demo.awaitSuccess(Duration.ofMinutes(4));
            assertThat(all).contains("Every record the source sent after each reconnection reached the sink.")
                    .contains("lease of numbers-").contains("FALLBACK [http://127.0.0.1:").contains("LAST_KNOWN [tagger-");

            List<Matcher> rows = demo.lines().stream().map(ROW::matcher).filter(Matcher::matches).toList();
            assertThat(rows).as(all).hasSize(3);
            for (Matcher row : rows) {
                assertThat(Long.parseLong(row.group(8))).as("records checked: %s", row.group()).isPositive();
                assertThat(Long.parseLong(row.group(9))).as("records missing: %s", row.group()).isZero();
                System.out.println("demo pipeline: " + row.group());
            }
            demo.assertNothingLeftRunning(4);
        }
    }
}
