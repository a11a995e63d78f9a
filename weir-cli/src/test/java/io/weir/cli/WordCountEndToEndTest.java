package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.master.testing.TestHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example word count on a master and three agents, all real processes, read from its SSE sink. */
class WordCountEndToEndTest {

    private static final Pattern COUNT = Pattern.compile("\"word\":\"([a-z]+)\",\"count\":(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void wordCountsArriveAtTheSinkOneByOneForEveryWord() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 3)) {
            countsArrive(cluster.http());
            tailPrintsRecordsOfTheClustersJob(cluster.masterUrl());
        }
    }

    private void tailPrintsRecordsOfTheClustersJob(String masterUrl) {
        var out = new java.io.ByteArrayOutputStream();
        var saved = System.out;
        int code;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            code = WeirCli.run("tail", "wordcount", "--limit", "20", "--master", masterUrl, "--token",
                    io.weir.master.testing.TestSecrets.ADMIN_TOKEN);
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        // the test's logback writes log lines to stdout too; the CLI's own sends them to stderr
        var lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).hasSize(20).allMatch(l -> COUNT.matcher(l).find());
    }

    private void countsArrive(TestHttp http) throws Exception {
        var created = http.post("/api/v1/jobClusters", "{\"name\":\"wordcount\",\"jobClass\":\"io.weir.examples.WordCountJob\","
                + "\"parameters\":{\"sentencesPerSecond\":\"200\"},\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                + "\"2\":{\"numWorkers\":2,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/wordcount/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        var sink = http.get("/api/v1/jobs/" + jobId).body().get("stages").get(2).get("workers").get(0);

        String sinkUrl = "http://" + sink.get("host").asText() + ":" + sink.get("ports").get(0).asInt() + "/?clientId=test";
        var refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sinkUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("the sink of a cluster with a secret asks for its token").isEqualTo(401);
        String sinkToken = http.get("/api/v1/jobs/" + jobId + "/sinkToken").body().get("sinkToken").asText();
        var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sinkUrl)).header("Authorization", "Bearer " + sinkToken)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        Map<String, List<Long>> counts = new ConcurrentHashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            int seen = 0;
            while (seen < 2_000 && (line = in.readLine()) != null) {
                var m = COUNT.matcher(line);
                if (m.find()) {
                    counts.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
                    seen++;
                }
            }
        }
        assertThat(counts).containsKeys("the", "weir", "stage", "discovery");
        for (var e : counts.entrySet()) {
            var list = e.getValue();
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i)).as("counts of '%s' go up one by one", e.getKey()).isEqualTo(list.get(i - 1) + 1);
            }
        }
    }
}
