package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weir.agent.testing.FakeMaster;
import io.weir.agent.testing.JobJars;
import io.weir.core.model.ArtifactPolicy;
import io.weir.core.model.WorkerState;
import io.weir.core.worker.WorkerEntryPoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers loaded from jar artifacts, each in its own class loader. The jars are compiled by the test. */
class ArtifactWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String CLASS = "demo.VersionWorker";
    private static final String ANY_SHA = "0".repeat(64);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeMaster master;
    private Agent agent;

    @BeforeEach
    void start() {
        master = new FakeMaster();
        var policy = new ArtifactPolicy(List.of(master.url() + "/artifacts/"), true);
        agent = Agent.start(AgentConfig.of(master.url()).withHost("127.0.0.1").withBindHost("127.0.0.1").withSecret(FakeMaster.SECRET)
                .withArtifacts(ArtifactSettings.DEFAULTS.withPolicy(policy))
                .withHeartbeat(50, 3).withRequestTimeoutMillis(1000));
        await().atMost(WAIT).until(agent::isRegistered);
    }

    @AfterEach
    void stop() {
        agent.close();
        master.close();
    }

    @Test
    void twoVersionsOfOneClassRunSideBySideInIsolatedLoaders() throws Exception {
        Path v1 = jar("v1");
        Path v2 = jar("v2");
        assertThatThrownBy(() -> Class.forName(CLASS)).isInstanceOf(ClassNotFoundException.class);

        assign("job-a", 1, v1.toString(), JobJars.sha256(v1));
        assign("job-a", 2, v2.toUri().toString(), JobJars.sha256(v2));
        await().atMost(WAIT).until(() -> master.states("job-a", 1).contains(WorkerState.Started)
                && master.states("job-a", 2).contains(WorkerState.Started));

        String one = greeting(master.events("job-a", 1).get(1).ports().data().get(0));
        String two = greeting(master.events("job-a", 2).get(1).ports().data().get(0));
        assertThat(one).startsWith("v1 loader=weir-worker-job-a-1 core=app");
        assertThat(two).startsWith("v2 loader=weir-worker-job-a-2 core=app");
    }

    @Test
    void anArtifactIsDownloadedOverHttp() throws Exception {
        Path v3 = jar("v3");
        String url = master.serve("v3.jar", v3);
        assign("job-h", 5, url, JobJars.sha256(v3));
        await().atMost(WAIT).until(() -> master.states("job-h", 5).contains(WorkerState.Started));
        assertThat(greeting(master.events("job-h", 5).get(1).ports().data().get(0))).startsWith("v3 ");
    }

    @Test
    void anArtifactStoredOnTheMasterIsFetchedWithTheAgentsSessionAndChecked() throws Exception {
        Path v4 = jar("v4");
        String sha = JobJars.sha256(v4);
        master.store(sha, v4);
        assign("job-s", 1, "master:" + sha, sha);
        await().atMost(WAIT).until(() -> master.states("job-s", 1).contains(WorkerState.Started));
        assertThat(greeting(master.events("job-s", 1).get(1).ports().data().get(0))).startsWith("v4 ");

        master.store(ANY_SHA, v4);
        assign("job-s", 2, "master:" + ANY_SHA, ANY_SHA);
        assign("job-s", 3, "master:" + "1".repeat(64), "1".repeat(64));
        await().atMost(WAIT).until(() -> master.states("job-s", 2).contains(WorkerState.Failed)
                && master.states("job-s", 3).contains(WorkerState.Failed));
        assertThat(master.events("job-s", 2).get(1).reason()).contains("SHA-256 is " + sha + ", expected " + ANY_SHA);
        assertThat(master.events("job-s", 3).get(1).reason()).contains("could not be fetched from the master: HTTP 404");
    }

    @Test
    void aMissingArtifactOrClassFailsTheWorkerWithAReason() throws Exception {
        assign("job-m", 1, dir.resolve("absent.jar").toString(), ANY_SHA);
        assign("job-m", 2, master.url() + "/artifacts/absent.jar", ANY_SHA);
        Path jar = jar("v1");
        post(assignment("job-m", 3, "demo.Elsewhere", jar.toString(), JobJars.sha256(jar)));
        await().atMost(WAIT).until(() -> master.events().stream().filter(e -> e.state() == WorkerState.Failed).count() == 3);
        assertThat(master.events("job-m", 1).get(1).reason()).contains("not found");
        assertThat(master.events("job-m", 2).get(1).reason()).contains("could not be downloaded", "404");
        assertThat(master.events("job-m", 3).get(1).reason()).contains("'demo.Elsewhere' is not in artifact");
    }

    private void assign(String jobId, int workerNumber, String artifact, String sha) throws Exception {
        var res = post(assignment(jobId, workerNumber, CLASS, artifact, sha));
        assertThat(res.statusCode()).isEqualTo(202);
    }

    private static String assignment(String jobId, int workerNumber, String jobClass, String artifact, String sha) {
        return AgentTest.assignment(jobId, workerNumber, jobClass, artifact, List.of())
                .replace("\"parameters\"", "\"artifactSha256\":\"" + sha + "\",\"parameters\"");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).header("Authorization", AgentTest.MASTER)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String greeting(int port) throws Exception {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Compiles {@value #CLASS}, which greets each connection with its version and class loaders, into a jar. */
    private Path jar(String version) throws Exception {
        Path src = dir.resolve(version + "-src/demo/VersionWorker.java");
        Path classes = dir.resolve(version + "-classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, """
                package demo;

                import io.weir.core.model.WorkerPorts;
                import io.weir.core.worker.RunningWorker;
                import io.weir.core.worker.WorkerContext;
                import io.weir.core.worker.WorkerEntryPoint;
                import java.net.InetAddress;
                import java.net.ServerSocket;
                import java.nio.charset.StandardCharsets;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;

                public class VersionWorker implements WorkerEntryPoint {
                    @Override
                    public RunningWorker start(WorkerContext context) throws Exception {
                        var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                        byte[] line = ("%s loader=" + VersionWorker.class.getClassLoader().getName()
                                + " core=" + WorkerEntryPoint.class.getClassLoader().getName() + "\\n").getBytes(StandardCharsets.UTF_8);
                        Thread.ofVirtual().start(() -> {
                            while (!server.isClosed()) {
                                try (var s = server.accept()) {
                                    s.getOutputStream().write(line);
                                } catch (Exception e) {
                                    // closed
                                }
                            }
                        });
                        var done = new CompletableFuture<Void>();
                        return new RunningWorker() {
                            public WorkerPorts ports() { return new WorkerPorts(List.of(server.getLocalPort()), null, null); }
                            public CompletionStage<Void> completion() { return done; }
                            public void close() {
                                try { server.close(); } catch (Exception e) { }
                                done.complete(null);
                            }
                        };
                    }
                }
                """.formatted(version));
        String core = location(WorkerEntryPoint.class) + java.io.File.pathSeparator
                + location(com.fasterxml.jackson.annotation.JsonInclude.class);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-classpath", core, "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac exit code").isZero();
        Path jar = dir.resolve(version + ".jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (var files = Files.walk(classes)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
