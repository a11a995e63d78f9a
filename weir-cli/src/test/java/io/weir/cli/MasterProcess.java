package io.weir.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A master in its own JVM, started through the CLI on a free port; killed like a crash or stopped like Ctrl-C. */
final class MasterProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Weir master on http://localhost:(\\d+)");

    private final Process process;
    private final int port;

    private MasterProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MasterProcess start(Path dataDir, String... extra) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = new ArrayList<>(List.of(java, "-cp", classpath, "-Xmx256m", WeirCli.class.getName(),
                "master", "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var port = new CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    var m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the master exited before listening"));
        });
        try {
            return new MasterProcess(process, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("master did not start: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already durable. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
