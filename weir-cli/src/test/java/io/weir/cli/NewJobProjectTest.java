package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first job: Weir's poms and jars (from this build's module directories) in an empty local repository,
 * {@code weir new job}, then {@code mvn package} of the generated project, which imports weir-bom, compiles against
 * weir-runtime, runs its unit test on weir-testkit and builds the job's jar; then a master and an agent (processes),
 * {@code weir clusters create --artifact} with that jar, and the job's first record through {@code weir tail}. Third-party artifacts come from this
 * build's repository as a remote, so no Weir artifact can leak in from there (snapshots are off for it).
 */
class NewJobProjectTest {

    /** The modules a generated project needs, parent and BOM first. */
    private static final List<String> MODULES = List.of("weir-bom", "weir-core", "weir-transport", "weir-mql", "weir-runtime", "weir-testkit");

    @TempDir
    Path dir;

    @Test
    void aGeneratedProjectBuildsAndTestsAgainstAFreshRepositoryHoldingOnlyWeirsArtifacts() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path repo = dir.resolve("repository");
        var weir = new LocalMavenRepository(repo);
        weir.installPom("weir-parent", root.resolve("pom.xml"));
        for (String module : MODULES) {
            weir.installModule(root.resolve(module), module);
        }
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror><id>build-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("weir.maven.repository", System.getProperty("user.home") + "/.m2/repository")).toUri()));

        Path project = dir.resolve("colors");
        var out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = WeirCli.run("new", "job", "colors", "--package", "com.example.colors", "--dir", project.toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote ColorsJob (com.example.colors)");

        long started = System.nanoTime();
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "-s", settings.toString(), "-Dmaven.repo.local=" + repo, "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).as("mvn package finished within 120 s").isTrue();
        String output = Files.readString(log);
        assertThat(mvn.exitValue()).as(output).isZero();
        System.out.printf("mvn package of a new job project: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0");

        try (var jar = new JarFile(project.resolve("target/colors-1.0-SNAPSHOT.jar").toFile())) {
            assertThat(jar.getEntry("com/example/colors/ColorsJob.class")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/weir/"))).as("Weir stays out of the job's jar").isEmpty();
        }
        assertThat(project.resolve("cluster.json")).content().contains("\"jobClass\": \"com.example.colors.ColorsJob\"");

        started = System.nanoTime();
        try (var cluster = LocalCluster.start(dir.resolve("weir-data"), 1)) {
            String[] master = {"--master", cluster.masterUrl(), "--token", io.weir.master.testing.TestSecrets.ADMIN_TOKEN};
            assertThat(weir(master, "clusters", "create", project.resolve("cluster.json").toString(),
                    "--artifact", project.resolve("target/colors-1.0-SNAPSHOT.jar").toString())).contains("Created job cluster colors");
            assertThat(weir(master, "jobs", "submit", "colors")).contains("Submitted colors-1");
            assertThat(weir(master, "tail", "colors", "--limit", "1")).as("the job's first record, from its uploaded jar")
                    .containsPattern("\\{\"color\":\"[a-z]+\",\"count\":\\d+}");
        }
        System.out.printf("master and agent up, jar uploaded, first record: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    /** Runs the CLI with {@code master}'s options after {@code args}; fails unless it exits 0; answers what it printed. */
    private static String weir(String[] master, String... args) {
        var all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of(master));
        var out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = WeirCli.run(all.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("weir %s: %s", all, printed).isZero();
        return printed;
    }

    @Test
    void aNonEmptyDirectoryOrABadNameIsRefusedWithTheFix() throws IOException {
        Files.writeString(dir.resolve("taken.txt"), "x");
        var err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(WeirCli.run("new", "job", "colors", "--dir", dir.toString())).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(WeirCli.run("new", "job", "Page Views", "--dir", dir.resolve("x").toString())).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(WeirCli.run("new", "job", "class", "--dir", dir.resolve("y").toString())).isEqualTo(ExitCodes.USER_ERROR);
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not empty: choose another --dir").contains("e.g. page-views")
                .contains("--package 'com.example.class': expected a Java package in lower case, without Java keywords");
    }
}
