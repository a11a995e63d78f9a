package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var process = new ProcessBuilder(java, "-cp", classpath, "-Xmx256m", WeirCli.class.getName(), "demo", "failover",
                "--kills", "1", "--min-wait-ms", "1000", "--max-wait-ms", "2000", "--port", String.valueOf(port), "--data-dir", dataDir.toString())
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
            assertThat(all).contains("The session carried on through every kill.");

            var sessionOpened = Pattern.compile("Session (s-[0-9a-f]+) opened").matcher(all);
            assertThat(sessionOpened.find()).as(all).isTrue();
            assertThat(all).contains("Session " + sessionOpened.group(1) + " (one id throughout)");

            var row = output.stream().map(ROW::matcher).filter(Matcher::matches).findFirst().orElseThrow(
                    () -> new AssertionError("no timeline row in:\n" + all));
            assertThat(row.group(2)).as("served by another worker after the kill").isNotEqualTo(row.group(1));
            assertThat(Long.parseLong(row.group(4))).as("reconnected within 2 s of the kill").isLessThan(2_000);
            assertThat(Long.parseLong(row.group(8))).as("records after the kill").isPositive();
            System.out.println("demo failover: detected " + row.group(3) + " ms, reconnected " + row.group(4) + " ms, first record "
                    + row.group(5) + " ms, replaced by the master " + row.group(6) + " ms after the kill");

            assertThat(children).as("the demo started a master and agents").hasSizeGreaterThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(20)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            process.destroyForcibly();
            List<ProcessHandle> left = new ArrayList<>(children);
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
