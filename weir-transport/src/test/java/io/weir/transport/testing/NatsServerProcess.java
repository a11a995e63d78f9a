package io.weir.transport.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} (Debian package {@code nats-server}) on a free loopback port, for tests:
 * {@link #start()} waits until it greets a client with INFO, {@link #stop()} kills it, {@link #restart()}
 * starts it again on the same port. Its output goes to a temporary log file ({@link #log()}).
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
            "/usr/local/bin/nats-server");

    private final String binary;
    private final int port;
    private final Path log;
    private final List<String> options;
    private Process process;

    private NatsServerProcess(String binary, int port, Path log, List<String> options) {
        this.binary = binary;
        this.options = List.copyOf(options);
        this.port = port;
        this.log = log;
    }

    /** Starts {@code nats-server -a 127.0.0.1 -p <free port>} and waits until it accepts clients. */
    public static NatsServerProcess start() {
        return start(List.of());
    }

    /** As {@link #start()}, with more of nats-server's options (e.g. {@code --auth TOKEN}). */
    public static NatsServerProcess start(List<String> options) {
        try {
            NatsServerProcess server = new NatsServerProcess(binary(), freePort(),
                    Files.createTempFile("nats-server", ".log"), options);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code nats-server} executable, or an error saying how to install it. */
    static String binary() {
        for (String candidate : CANDIDATES) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, "nats-server");
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        throw new IllegalStateException("nats-server is not installed (apt-get install -y nats-server;"
                + " .ci/run installs it)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** True while the process runs. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the server (SIGKILL, like a crash) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server (again) on the same port and waits until it accepts clients. */
    public synchronized void restart() {
        stop();
        try {
            var command = new java.util.ArrayList<>(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port)));
            command.addAll(options);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Process started = process;
        await("nats-server on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(20))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("nats-server exited with " + started.exitValue() + ": "
                                + Files.readString(log));
                    }
                    return greets();
                });
    }

    /** Connects and reads the server's INFO greeting. */
    private boolean greets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            InputStream in = socket.getInputStream();
            byte[] info = in.readNBytes(4);
            return "INFO".equals(new String(info, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
