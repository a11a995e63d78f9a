package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.TestSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus finds a real cluster through the master's {@code http_sd} endpoint (with a read token), scrapes the
 * master, both agents and every worker of a running job, and stores their {@code weir_*} series. The same scrapes
 * check that every meter has HELP text and that docs/metrics.md is up to date; the job dashboard's queries run on it.
 */
class PrometheusEndToEndTest {

    private static final int WORKERS = 3;

    @TempDir
    Path dataDir;

    @TempDir
    Path prometheusDir;

    @Test
    void prometheusScrapesMasterAgentsAndWorkersItFindsThroughTheMaster() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 2)) {
            String jobId = submitJob(cluster);
            var targets = cluster.http().withToken(TestSecrets.READ_TOKEN).get("/api/v1/prometheus/targets");
            assertThat(targets.status()).as(targets.text()).isEqualTo(200);
            assertThat(cluster.http().withToken(null).get("/api/v1/prometheus/targets").status())
                    .as("the targets reveal the topology: a token is needed").isEqualTo(401);
            try (var prometheus = PrometheusProcess.start(prometheusDir, """
                      - job_name: weir
                        honor_labels: true
                        http_sd_configs:
                          - url: %s/api/v1/prometheus/targets
                            refresh_interval: 1s
                            authorization:
                              type: Bearer
                              credentials: %s
                    """.formatted(cluster.masterUrl(), TestSecrets.READ_TOKEN))) {
                await().atMost(Duration.ofSeconds(25)).untilAsserted(() ->
                        assertThat(upTargetsByRole(prometheus)).as(prometheus.log()).isEqualTo(Map.of("master", 1, "agent", 2, "worker", WORKERS)));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(values(prometheus.query("count by (weir_role) ({__name__=~\"weir_.+\"})"), "weir_role"))
                            .containsExactlyInAnyOrder("master", "agent", "worker");
                    assertThat(values(prometheus.query("weir_worker_records_in_total{weir_job_id=\"" + jobId + "\"}"), "weir_stage"))
                            .containsExactlyInAnyOrder("1", "2", "3");
                });
                var scraped = scrapeEveryTarget(prometheus);
                everyMeterHasHelp(scraped);
                metricsReferenceIsUpToDate(scraped);
                dashboardQueriesRun(prometheus, jobId);
            }
        }
    }

    /** Each target scraped as Prometheus does, the families by {@code weir_role}. */
    private static Map<String, ScrapedMetrics> scrapeEveryTarget(PrometheusProcess prometheus) throws Exception {
        Map<String, ScrapedMetrics> byRole = new TreeMap<>();
        var client = HttpClient.newHttpClient();
        for (JsonNode t : prometheus.api("targets?state=active").get("activeTargets")) {
            String body = client.send(HttpRequest.newBuilder(URI.create(t.get("scrapeUrl").asText())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String role = t.get("labels").get("weir_role").asText();
            byRole.computeIfAbsent(role, r -> new ScrapedMetrics()).add(body);
        }
        return byRole;
    }

    /** Fails on a family whose HELP is missing or only repeats its name. */
    private static void everyMeterHasHelp(Map<String, ScrapedMetrics> byRole) {
        byRole.forEach((role, scraped) -> assertThat(scraped.families().values())
                .as("meters of the %s without a description (Micrometer's description() becomes Prometheus's HELP)", role)
                .filteredOn(f -> f.help().isBlank() || f.help().replace(' ', '_').equalsIgnoreCase(f.name()))
                .extracting(ScrapedMetrics.Family::name).isEmpty());
    }

    /** docs/metrics.md lists every family scraped, with its type, labels and HELP as scraped. */
    private static void metricsReferenceIsUpToDate(Map<String, ScrapedMetrics> byRole) throws Exception {
        String committed = Files.exists(MetricsReference.DOC) ? Files.readString(MetricsReference.DOC) : "";
        String generated = MetricsReference.render(MetricsReference.merge(MetricsReference.parse(committed), byRole));
        if (Boolean.getBoolean("weir.docs.write")) {
            Files.writeString(MetricsReference.DOC, generated);
            committed = generated;
        }
        assertThat(committed).as("docs/metrics.md is stale: rerun this test with -Dweir.docs.write=true and commit the file")
                .isEqualTo(generated);
    }

    /** Prometheus accepts every query of the job dashboard, and the stage rates have data. */
    private static void dashboardQueriesRun(PrometheusProcess prometheus, String jobId) throws Exception {
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("..", "docs", "grafana", "weir-job.json")));
        for (JsonNode expr : dashboard.findValues("expr")) {
            prometheus.query(expr.asText().replace("$job", jobId).replace("$__rate_interval", "10s"));
        }
        String recordsIn = dashboard.findValues("expr").get(0).asText().replace("$job", jobId).replace("$__rate_interval", "10s");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(values(prometheus.query(recordsIn), "weir_stage")).containsExactlyInAnyOrder("1", "2", "3"));
    }

    private static String submitJob(LocalCluster cluster) {
        var http = cluster.http();
        var created = http.post("/api/v1/jobClusters", "{\"name\":\"wordcount\",\"jobClass\":\"io.weir.examples.WordCountJob\","
                + "\"parameters\":{\"sentencesPerSecond\":\"50\"},\"stages\":{\"1\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                + "\"2\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}},"
                + "\"3\":{\"numWorkers\":1,\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/wordcount/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/jobs/" + jobId).body().get("state").asText().equals("Launched"));
        return jobId;
    }

    private static Map<String, Integer> upTargetsByRole(PrometheusProcess prometheus) throws Exception {
        Map<String, Integer> up = new HashMap<>();
        for (JsonNode t : prometheus.api("targets?state=active").get("activeTargets")) {
            assertThat(t.get("health").asText()).as("%s: %s", t.get("scrapeUrl"), t.get("lastError")).isNotEqualTo("down");
            if (t.get("health").asText().equals("up")) {
                up.merge(t.get("labels").get("weir_role").asText(), 1, Integer::sum);
            }
        }
        return up;
    }

    private static Set<String> values(JsonNode result, String label) {
        var values = new TreeSet<String>();
        result.forEach(r -> values.add(r.get("metric").path(label).asText()));
        return values;
    }
}
