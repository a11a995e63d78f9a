package io.weir.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code weir} subcommand run as a child process of this one, with its output in a log file. */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code weir <args>} with this JVM's java and class path, appending its output to {@code log}. */
    static ChildProcess start(String name, Path log, String... args) throws IOException {
        return start(name, log, java.util.Map.of(), args);
    }

    /** As above, with {@code env} replacing those variables of this process's environment (a null value removes one). */
    static ChildProcess start(String name, Path log, java.util.Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), WeirCli.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        var process = builder.start();
        return new ChildProcess(name, process, log);
    }

    /** True while running; throws with the log's location once the process has exited. */
    boolean failIfExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the " + name + " exited with code " + process.exitValue() + "; see " + log.toAbsolutePath());
        }
        return true;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGSTOP: the process stays, its sockets stay open, and it answers nothing, as a hung machine would. */
    void pause() throws IOException, InterruptedException {
        var stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).inheritIO().start();
        if (stop.waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
