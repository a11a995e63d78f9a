package io.weir.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A participant of {@code weir demo pipeline} ({@code io.weir.examples.pipeline.PipelineParticipant}) run as a child
 * process: its events ({@code event <millis> <kind> <detail>} lines) are kept and logged, commands go to its standard
 * input and their answers come back from its standard output.
 */
final class DemoParticipant {

    /** One event a participant printed, at its own epoch milliseconds. */
    record Event(String participant, long millis, String kind, String detail) {
    }

    private final String name;
    private final Process process;
    private final PrintWriter commands;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private DemoParticipant(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Writer logWriter = Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.ofPlatform().daemon().name("demo-" + name).start(() -> read(logWriter));
    }

    /** Starts a participant with {@code args} (its options), {@code token} as its WEIR_TOKEN, output logged to {@code log}. */
    static DemoParticipant start(String name, Path log, String token, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "io.weir.examples.pipeline.PipelineParticipant"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.resolveSibling(name + ".err.log").toFile()));
        builder.environment().put("WEIR_TOKEN", token);
        builder.environment().put("WEIR_CLIENT_LOG_LEVEL", "INFO");
        return new DemoParticipant(name, builder.start(), log);
    }

    private void read(Writer log) {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); log) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line + "\n");
                log.flush();
                if (line.startsWith("event ")) {
                    String[] parts = line.split(" ", 4);
                    events.add(new Event(name, Long.parseLong(parts[1]), parts[2], parts.length > 3 ? parts[3] : ""));
                } else if (line.startsWith("answer ")) {
                    answers.add(line.substring("answer ".length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended; its log says why
        }
    }

    String name() {
        return name;
    }

    /** The first event of {@code kind} at or after {@code fromMillis}, if any yet. */
    Optional<Event> event(String kind, long fromMillis) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.millis() >= fromMillis).findFirst();
    }

    /** Every event at or after {@code fromMillis}. */
    List<Event> eventsSince(long fromMillis) {
        return events.stream().filter(e -> e.millis() >= fromMillis).toList();
    }

    /** Sends {@code command} and waits for its one-line answer. */
    String ask(String command, Duration timeout) throws InterruptedException {
        answers.clear();
        commands.println(command);
        String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new IllegalStateException("the " + name + " did not answer '" + command + "' within " + timeout.toSeconds() + " s"
                    + (process.isAlive() ? "" : " (it exited with code " + process.exitValue() + ")"));
        }
        return answer;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM (it deregisters), then SIGKILL after 10 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
