package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.core.model.WorkerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir up} as a user runs it: a master, agents and the word count, output tailed, everything stopped on SIGTERM. */
class UpCommandTest {

    @TempDir
    Path dataDir;

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void upRunsTheWordCountTailsItStopsEverythingAndPicksUpTheStateWhenRunAgain() throws Exception {
        int port = freePort();
        var up = WeirProcess.start(Pattern.compile("Press Ctrl-C"), "up", "--agents", "2", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString(), "--tail", "2", "--top-words");
        var children = ProcessHandle.of(up.pid()).orElseThrow().descendants().toList();
        try {
            assertThat(children).hasSizeGreaterThanOrEqualTo(3);
            assertThat(up.output()).contains("Weir is up").contains("job          wordcount-1").contains("First records of wordcount-1:");
            assertThat(up.output()).containsPattern("\\{\"word\":\"[a-z]+\",\"count\":\\d+}");
            assertThat(up.output()).contains("top words    topwords-1   (reads wordcount by name");
            Path token = dataDir.resolve("secrets").resolve("admin.token").toAbsolutePath();
            assertThat(up.output()).contains("admin token  " + token).contains("export WEIR_TOKEN=$(cat " + token + ")");
            for (String secret : new String[] {"admin.token", "read.token", "cluster-secret"}) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("secrets").resolve(secret))).containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            }
            assertThat(listening(port)).isTrue();
            var pids = new java.util.ArrayList<>(children.stream().map(ProcessHandle::pid).toList());
            pids.add(up.pid());
            var sockets = ListeningSockets.of(pids);
            assertThat(sockets).as("master, agents and workers").hasSizeGreaterThanOrEqualTo(8)
                    .extracting(InetSocketAddress::getPort).contains(port);
            assertThat(sockets).as("what weir up listens on").allMatch(a -> a.getAddress().isLoopbackAddress());
        } finally {
            up.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening(port) && children.stream().noneMatch(ProcessHandle::isAlive));

        // again in the same directory: it says what it found, and is up only once the job's workers report again
        int again = freePort();
        var second = WeirProcess.start(Pattern.compile("Press Ctrl-C"), "up", "--agents", "2", "--port", String.valueOf(again),
                "--data-dir", dataDir.toString(), "--tail", "1", "--fast");
        try (var client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + again)
                .withToken(java.nio.file.Files.readString(dataDir.resolve("secrets").resolve("admin.token")).trim()))) {
            assertThat(second.output()).contains("found an earlier run in " + dataDir + ": 2 job clusters, active jobs")
                    .contains("Weir is up").doesNotContain(" WARN ").doesNotContain("Exception");
            var workers = client.jobs().get("wordcount-1").stages().stream().flatMap(s -> s.workers().stream()).toList();
            assertThat(workers).as("Started and heard from by this master").isNotEmpty()
                    .allMatch(w -> w.state() == WorkerState.Started && w.lastHeartbeatAt() != null);
        } finally {
            second.close();
        }
    }

    @Test
    void aTakenPortIsAUserErrorNamingTheFlag() throws Exception {
        try (var taken = new ServerSocket(0)) {
            var err = new ByteArrayOutputStream();
            var saved = System.err;
            int code;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = WeirCli.run("up", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString());
            } finally {
                System.setErr(saved);
            }
            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("port " + taken.getLocalPort() + " is in use").contains("--port");
        }
    }
}
