package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var process = new ProcessBuilder(java, "-cp", classpath, "-Xmx256m", WeirCli.class.getName(), "demo", "pipeline",
                "--port", String.valueOf(port), "--down-ms", "1500", "--verify-ms", "1000", "--data-dir", dataDir.toString())
                .redirectErrorStream(true).start();
        var output = new CopyOnWriteArrayList<String>();
        Set<ProcessHandle> children = ConcurrentHashMap.newKeySet();
        var reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    process.descendants().forEach(children::add);
                }
            } catch (Exception e) {
                output.add("reader: " + e);
            }
        });
        try {
            assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("the demo ends by itself").isTrue();
            reader.join(Duration.ofSeconds(10));
            String all = String.join("\n", output);
            assertThat(process.exitValue()).as(all).isZero();
            assertThat(all).contains("Every record the source sent after each reconnection reached the sink.")
                    .contains("lease of numbers-").contains("FALLBACK [http://127.0.0.1:").contains("LAST_KNOWN [tagger-");

            List<Matcher> rows = output.stream().map(ROW::matcher).filter(Matcher::matches).toList();
            assertThat(rows).as(all).hasSize(3);
            for (Matcher row : rows) {
                assertThat(Long.parseLong(row.group(8))).as("records checked: %s", row.group()).isPositive();
                assertThat(Long.parseLong(row.group(9))).as("records missing: %s", row.group()).isZero();
                System.out.println("demo pipeline: " + row.group());
            }
            assertThat(children).as("the demo started a master and three participants").hasSizeGreaterThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
