package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.master.testing.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real master process: tables, --json, and exit codes 0 / 1 / 2. */
class CliCommandsTest {

    @TempDir
    static Path dataDir;
    private static MasterProcess master;

    /** What one command printed and returned. */
    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startMaster() throws Exception {
        master = MasterProcess.start(dataDir);
        var http = new TestHttp(master.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
    }

    @AfterAll
    static void stopMaster() throws Exception {
        master.close();
    }

    private static synchronized Run weir(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var savedOut = System.out;
        var savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--master";
            all[args.length + 1] = master.url();
            all[args.length + 2] = "--token";
            all[args.length + 3] = io.weir.master.testing.TestSecrets.ADMIN_TOKEN;
            int code = WeirCli.run(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void clustersAndJobsRoundTrip() throws Exception {
        Path def = dataDir.resolve("cli.json");
        Files.writeString(def, "{\"name\":\"cli\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":2,\"scalable\":true,\"max\":4}}}");
        assertThat(weir("clusters", "create", def.toString()).out()).contains("Created job cluster cli (1 stages)");
        assertThat(weir("clusters", "list").out()).contains("NAME").contains("cli").contains("a.B");
        assertThat(weir("clusters", "list", "--json").out()).contains("\"list\" : [").contains("\"name\" : \"cli\"");
        assertThat(weir("jobs", "submit", "cli").out()).contains("Submitted cli-1");
        assertThat(weir("jobs", "list", "--cluster", "cli").out()).contains("cli-1").contains("Accepted").contains("0/2");
        assertThat(weir("jobs", "describe", "cli-1").out()).contains("STAGE").contains("Accepted");
        assertThat(weir("workers", "list", "cli-1").out()).contains("NUMBER").contains("HEARD").contains("Accepted");
        assertThat(weir("workers", "list", "cli-1", "--json").out()).contains("\"workers\"").contains("\"workerNumber\" : 1");
        assertThat(weir("jobs", "scale", "cli-1", "1", "3").out()).contains("Stage 1 of cli-1 now has 3 workers");
        assertThat(weir("reservations", "list").out()).contains("cli-1");
        var resubmit = weir("workers", "resubmit", "cli-1", "1", "--reason", "test");
        assertThat(resubmit.code()).as(resubmit.err()).isZero();
        assertThat(resubmit.out()).contains("Worker 1 of cli-1 is being replaced");
        assertThat(weir("agents", "list").code()).isZero();
        assertThat(weir("jobs", "kill", "cli-1", "--reason", "test").out()).contains("Killed cli-1");
    }

    @Test
    void createWithAnArtifactUploadsTheJarAndNamesItByItsDigest() throws Exception {
        Path def = dataDir.resolve("up.json");
        Files.writeString(def, "{\"name\":\"up\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{}}}");
        Path jar = dataDir.resolve("up.jar");
        Files.write(jar, "PK not really a jar".getBytes(StandardCharsets.UTF_8));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));

        var missing = weir("clusters", "create", def.toString(), "--artifact", dataDir.resolve("nope.jar").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.jar: no such file");

        var created = weir("clusters", "create", def.toString(), "--artifact", jar.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.err()).contains("Uploaded " + jar).contains(sha);
        assertThat(weir("clusters", "describe", "up").out()).contains("\"artifact\" : \"master:" + sha + "\"")
                .contains("\"artifactSha256\" : \"" + sha + "\"");
        assertThat(dataDir.resolve("artifacts/" + sha + ".jar")).hasSameBinaryContentAs(jar);
    }

    @Test
    void userErrorsExitWithOneAndTheMastersMessage() {
        var scale = weir("jobs", "scale", "nope-1", "1", "3");
        assertThat(scale.code()).isEqualTo(1);
        assertThat(scale.err()).contains("weir: job nope-1 does not exist");
        var tail = weir("tail", "ghost");
        assertThat(tail.code()).isEqualTo(1);
        assertThat(tail.err()).as("said once").containsOnlyOnce("ghost' does not exist").doesNotContain("WARN");
        var tailJob = weir("tail", "ghost-7");
        assertThat(tailJob.err()).containsOnlyOnce("job ghost-7 does not exist");
        var submit = weir("jobs", "submit", "ghost");
        assertThat(submit.err()).as("in the CLI's terms").contains("(weir clusters list lists them)").doesNotContain("/api/v1");
        var noFile = weir("clusters", "create", dataDir.resolve("absent.json").toString());
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.err()).contains("weir: no such file: " + dataDir.resolve("absent.json"));
        var forget = weir("agents", "forget", "ghost-agent");
        assertThat(forget.code()).isEqualTo(1);
        assertThat(forget.err()).contains("agent ghost-agent is not known");
        var logs = weir("workers", "logs", "ghost-7", "1");
        assertThat(logs.err()).contains("not running, or the job does not exist").doesNotContain("/api/v1");
        var badFile = dataDir.resolve("typo.json");
        try {
            Files.writeString(badFile, "{\"name\":\"x\",\"jobClas\":\"a.B\"}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var typoFile = weir("clusters", "create", badFile.toString());
        assertThat(typoFile.code()).isEqualTo(1);
        assertThat(typoFile.err()).contains("typo.json").contains("jobClas").contains("did you mean 'jobClass'");
        var missing = weir("jobs", "scale", "cli-9");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("Missing required parameters").contains("--help");
    }

    @Test
    void aMissingOrForeignTokenSaysWhereTheCliLooksForOne() {
        var err = new ByteArrayOutputStream();
        var saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(WeirCli.run("clusters", "list", "--master", master.url(), "--token", "not-this-masters")).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("this master does not know the token given")
                .contains("--token, WEIR_TOKEN, --token-file").doesNotContain("Authorization: Bearer");
    }

    @Test
    void anUnreachableMasterExitsWithTwo() {
        int code = WeirCli.run("clusters", "list", "--master", "http://127.0.0.1:1");
        assertThat(code).isEqualTo(2);
    }
}
