package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.weir.agent.testing.JobJars;
import io.weir.core.model.ArtifactPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download and verification of a 50 MB artifact from a loopback server against a raw copy of the same file; median of
 * 3 runs each. Runs with {@code -Dweir.bench.artifact=true}.
 */
class ArtifactDownloadBenchmarkTest {

    private static final int SIZE = 50 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void downloadAndVerifyAgainstARawCopy() throws Exception {
        assumeTrue(Boolean.getBoolean("weir.bench.artifact"), "benchmark: -Dweir.bench.artifact=true");
        Path file = dir.resolve("big.jar");
        byte[] data = new byte[SIZE];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        String sha = JobJars.sha256(file);
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/jobs/big.jar", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, Files.size(file));
                Files.copy(file, exchange.getResponseBody());
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jobs/big.jar";
        var settings = ArtifactSettings.DEFAULTS.withPolicy(new ArtifactPolicy(List.of(url.substring(0, url.lastIndexOf('/') + 1)), true));
        try {
            var download = new ArrayList<Long>();
            var copy = new ArrayList<Long>();
            for (int run = 0; run < 4; run++) {
                long t0 = System.nanoTime();
                try (var downloads = new ArtifactDownloads(settings)) {
                    assertThat(Files.size(downloads.fetch(url, null, sha))).isEqualTo(SIZE);
                    long t1 = System.nanoTime();
                    Files.copy(file, dir.resolve("copy-" + run), StandardCopyOption.REPLACE_EXISTING);
                    long t2 = System.nanoTime();
                    if (run > 0) {
                        download.add((t1 - t0) / 1_000_000);
                        copy.add((t2 - t1) / 1_000_000);
                    }
                }
            }
            System.out.printf("ARTIFACT-BENCH 50 MB: download+verify median %d ms %s; raw copy median %d ms %s%n",
                    median(download), download, median(copy), copy);
        } finally {
            server.stop(0);
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
