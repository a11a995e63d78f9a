package io.weir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few master calls {@code weir up} makes, over plain HTTP; failures surface as unchecked exceptions. */
final class MasterApi {

    static final String WORD_COUNT = """
            {"name":"%s","jobClass":"io.weir.examples.WordCountJob","parameters":{"sentencesPerSecond":"10"},
             "stages":{"1":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}},
                       "2":{"numWorkers":2,"scalable":true,"max":8,"machine":{"cpuCores":0.25,"memoryMB":128}},
                       "3":{"numWorkers":1,"machine":{"cpuCores":0.25,"memoryMB":128}}},
             "labels":{"createdBy":"weir up"}}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = Json.lenient();
    private final String base;

    MasterApi(String base) {
        this.base = base;
    }

    boolean ready() {
        return send(HttpRequest.newBuilder(URI.create(base + "/readyz")).GET()).statusCode() == 200;
    }

    int liveAgents() {
        int n = 0;
        for (JsonNode e : get("/api/v1/resourceClusters/default/taskExecutors").path("list")) {
            String state = e.path("state").asText();
            if (!state.equals("lost") && !state.equals("disabled")) {
                n++;
            }
        }
        return n;
    }

    /** The cluster's active job, after creating the cluster and submitting a job if there was none. */
    String ensureWordCount(String cluster) {
        createCluster(WORD_COUNT.formatted(cluster));
        var active = get("/api/v1/jobs?cluster=" + cluster + "&state=active").path("list");
        return active.isEmpty() ? submit(cluster) : active.get(0).path("jobId").asText();
    }

    /** Creates a job cluster from its JSON definition; one that already exists is left as it is. */
    void createCluster(String definition) {
        var created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobClusters"))
                .POST(HttpRequest.BodyPublishers.ofString(definition)));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating a job cluster failed (" + created.statusCode() + "): " + created.body());
        }
    }

    /** Submits a job of {@code cluster} and returns its id. */
    String submit(String cluster) {
        var submitted = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobClusters/" + cluster + "/jobs"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (submitted.statusCode() != 201) {
            throw new IllegalStateException("submitting " + cluster + " failed: " + submitted.body());
        }
        return read(submitted.body()).path("jobId").asText();
    }

    /** True when every worker of the job is Started (its state alone says Launched once and stays so). */
    boolean allStarted(String jobId) {
        String[] counts = startedWorkers(jobId).split("/");
        return counts[0].equals(counts[1]);
    }

    String startedWorkers(String jobId) {
        int started = 0;
        int all = 0;
        for (JsonNode stage : get("/api/v1/jobs/" + jobId).path("stages")) {
            all += stage.path("numWorkers").asInt();
            for (JsonNode w : stage.path("workers")) {
                if (w.path("state").asText().equals("Started")) {
                    started++;
                }
            }
        }
        return started + "/" + all;
    }

    /** host:port of the job's first sink worker. */
    String sink(String jobId) {
        var stages = get("/api/v1/jobs/" + jobId).path("stages");
        var w = stages.get(stages.size() - 1).path("workers").get(0);
        return w.path("host").asText() + ":" + w.path("ports").get(0).asInt();
    }

    /** The first {@code n} records of the sink's SSE stream. */
    List<String> tail(String sink, int n) {
        var out = new ArrayList<String>();
        if (n <= 0) {
            return out;
        }
        try {
            var res = http.send(HttpRequest.newBuilder(URI.create("http://" + sink + "/?clientId=weir-up")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String line;
                while (out.size() < n && (line = in.readLine()) != null) {
                    if (line.startsWith("data: ") && !line.equals("data: ping")) {
                        out.add(line.substring(6));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private JsonNode get(String path) {
        var res = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + res.statusCode() + ": " + res.body());
        }
        return read(res.body());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
