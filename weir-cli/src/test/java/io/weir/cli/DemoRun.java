package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code weir demo ...} run as a user runs it, in a child process of the test on a free master port: its output lines
 * and every process it started, so a test can check that nothing is left running. Closing kills whatever is left.
 */
final class DemoRun implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Set<ProcessHandle> children = ConcurrentHashMap.newKeySet();
    private final Thread reader;

    private DemoRun(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    process.descendants().forEach(children::add);
                }
            } catch (IOException e) {
                output.add("reader: " + e);
            }
        });
    }

    /** Starts {@code weir demo <demo> --port <free port> <args>}. */
    static DemoRun start(String demo, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var command = new ArrayList<>(List.of(java, "-cp", classpath, "-Xmx256m", WeirCli.class.getName(), "demo", demo,
                "--port", String.valueOf(port)));
        command.addAll(List.of(args));
        return new DemoRun(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits until the demo ends by itself (failing after {@code timeout}); its output, asserted to have exited 0. */
    String awaitSuccess(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the demo ends by itself").isTrue();
        reader.join(Duration.ofSeconds(10));
        String all = String.join("\n", output);
        assertThat(process.exitValue()).as(all).isZero();
        return all;
    }

    List<String> lines() {
        return output;
    }

    /** Asserts the demo started at least {@code started} processes and that all of them are gone. */
    void assertNothingLeftRunning(int started) {
        assertThat(children).as("processes the demo started").hasSizeGreaterThanOrEqualTo(started);
        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
