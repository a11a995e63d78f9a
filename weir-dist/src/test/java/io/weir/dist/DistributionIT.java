package io.weir.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive {@code mvn package} builds, unpacked elsewhere, holds what {@code bin/weir} needs and runs. */
class DistributionIT {

    @TempDir
    static Path unpacked;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("weir.dist.archive"));
        assertThat(archive).as("the archive mvn package builds").exists();
        assertThat(run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString())).code()).isZero();
        home = unpacked.resolve("weir-" + System.getProperty("weir.dist.version"));
    }

    @Test
    void archiveHoldsTheLaunchScriptsAndEveryJarTheCliNeeds() throws IOException {
        assertThat(home.resolve("bin/weir")).isExecutable();
        assertThat(home.resolve("bin/java-env.sh")).isRegularFile();
        assertThat(home.resolve("docs/deploy.md")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("weir-cli-")).anyMatch(n -> n.startsWith("weir-master-"))
                    .anyMatch(n -> n.startsWith("weir-agent-")).anyMatch(n -> n.startsWith("weir-examples-"))
                    .anyMatch(n -> n.startsWith("picocli-")).anyMatch(n -> n.startsWith("postgresql-"))
                    .allMatch(n -> n.endsWith(".jar"));
        }
    }

    @Test
    void weirRunsFromTheUnpackedArchive() throws Exception {
        var version = run(List.of(home.resolve("bin/weir").toString(), "--version"));
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("weir ");
        var help = run(List.of(home.resolve("bin/weir").toString(), "--help"));
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).contains("master", "agent", "jobs");
        var masterHelp = run(List.of(home.resolve("bin/weir").toString(), "master", "--help"));
        assertThat(masterHelp.output()).contains("--store-url");
    }

    private record Exit(int code, String output) {
    }

    private static Exit run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).directory(unpacked.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within 60 s");
        }
        return new Exit(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
