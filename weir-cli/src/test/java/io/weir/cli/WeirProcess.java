package io.weir.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@code weir} command in its own JVM, on this test's class path: started and waited for until a line of its output
 * matches, then killed like a crash ({@link #kill9()}) or stopped like Ctrl-C ({@link #close()}).
 */
final class WeirProcess implements AutoCloseable {

    private final Process process;
    private final String readyLine;
    private final List<String> output;

    private WeirProcess(Process process, String readyLine, List<String> output) {
        this.process = process;
        this.readyLine = readyLine;
        this.output = output;
    }

    /** A command that ran to its end: its exit code and its output (stdout and stderr). */
    record Exit(int code, String output) {
    }

    /** Runs {@code weir <args>} to its end, for at most {@code timeoutSeconds}. */
    static Exit run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(timeoutSeconds, java.util.Map.of(), args);
    }

    /** As above, with {@code env} added to the process's environment. */
    static Exit run(long timeoutSeconds, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
        builder.environment().putAll(env);
        var process = builder.start();
        var output = new java.io.ByteArrayOutputStream();
        var reader = Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // the process ended
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("weir " + String.join(" ", args) + " did not end within " + timeoutSeconds + " s:\n"
                    + output.toString(StandardCharsets.UTF_8));
        }
        reader.join(10_000);
        return new Exit(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    private static List<String> command(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = new ArrayList<>(List.of(java, "-cp", classpath, "-Xmx256m", "-XX:+UseSerialGC", WeirCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code weir <args>} and waits until a line matches {@code ready}. */
    static WeirProcess start(Pattern ready, String... args) throws IOException {
        return start(ready, java.util.Map.of(), args);
    }

    /** As above, with {@code env} added to the process's environment (e.g. WEIR_* settings). */
    static WeirProcess start(Pattern ready, java.util.Map<String, String> env, String... args) throws IOException {
        var builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
        builder.environment().putAll(env);
        var process = builder.start();
        var line = new CompletableFuture<String>();
        var output = new CopyOnWriteArrayList<String>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    output.add(l);
                    if (ready.matcher(l).find()) {
                        line.complete(l);
                    }
                }
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
            line.completeExceptionally(new IllegalStateException("exited before printing a line matching " + ready));
        });
        try {
            return new WeirProcess(process, line.get(60, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("weir " + String.join(" ", args) + " did not start: " + e.getMessage()
                    + "\n" + String.join("\n", output), e);
        }
    }

    /** The output line that matched the ready pattern. */
    String readyLine() {
        return readyLine;
    }

    String output() {
        return String.join("\n", output);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is said to anyone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
