package io.weir.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A master in its own JVM, started through the CLI on a free port. */
final class MasterProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Weir master on (https?)://localhost:(\\d+)");

    private final WeirProcess process;
    private final int port;
    private final String scheme;

    private MasterProcess(WeirProcess process, String scheme, int port) {
        this.process = process;
        this.scheme = scheme;
        this.port = port;
    }

    static MasterProcess start(Path dataDir, String... extra) throws IOException {
        return start(dataDir, java.util.Map.of(), extra);
    }

    /** A master with {@code env} (WEIR_* settings) added to its environment. */
    static MasterProcess start(Path dataDir, java.util.Map<String, String> env, String... extra) throws IOException {
        return start(dataDir, 0, env, extra);
    }

    /** A master on {@code port} (0: any free one), e.g. the port of a master that crashed, so its agents find it again. */
    static MasterProcess start(Path dataDir, int port, java.util.Map<String, String> env, String... extra) throws IOException {
        var args = new ArrayList<>(List.of("master", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        var p = WeirProcess.start(LISTENING, env, args.toArray(String[]::new));
        Matcher m = LISTENING.matcher(p.readyLine());
        if (!m.find()) {
            throw new IllegalStateException("no port in " + p.readyLine());
        }
        return new MasterProcess(p, m.group(1), Integer.parseInt(m.group(2)));
    }

    /** Everything the master printed so far. */
    String output() {
        return process.output();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    void kill9() throws InterruptedException {
        process.kill9();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
