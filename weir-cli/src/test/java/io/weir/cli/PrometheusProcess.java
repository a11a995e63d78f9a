package io.weir.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian package {@code prometheus}, binary {@code /usr/bin/prometheus} or on the PATH) with
 * the given scrape configuration, its storage in a temporary directory, on a free loopback port; queried through its own
 * HTTP API.
 */
final class PrometheusProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusProcess(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts Prometheus in {@code dir} with {@code scrapeConfigs} (YAML, the list under {@code scrape_configs:}), ready to query. */
    static PrometheusProcess start(Path dir, String scrapeConfigs) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + scrapeConfigs);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        var process = new ProcessBuilder(binary(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var prometheus = new PrometheusProcess(process, log, "http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> prometheus.ready());
        } catch (RuntimeException | Error e) {
            prometheus.close();
            throw new IllegalStateException("Prometheus did not become ready: " + Files.readString(log), e);
        }
        return prometheus;
    }

    private static String binary() {
        for (String candidate : new String[] {"/usr/bin/prometheus", "/usr/local/bin/prometheus"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Path.of(dir, "prometheus").toString();
            }
        }
        throw new IllegalStateException("this test runs a real Prometheus and none is installed: install the Debian package "
                + "'prometheus' (apt-get install prometheus; .ci/run does) or put a prometheus binary on the PATH");
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue());
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code GET /api/v1/<path>}'s {@code data}. */
    JsonNode api(String path) throws IOException, InterruptedException {
        var res = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/" + path)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(res.body());
        if (res.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus answered " + res.statusCode() + ": " + res.body());
        }
        return body.get("data");
    }

    /** The result vector of the instant query {@code promql}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
    }

    /** What Prometheus logged so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
