package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's files are open, typed and revalidated, and nothing else is reachable through their paths;
 * {@code GET /api/v1/session} names the token's role; worker meters are summed from Prometheus text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRoutesTest {

    private MasterFixture fixture;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dataDir) {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
    }

    @AfterAll
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fixture.http().base() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsoleIsServedWithoutATokenWithItsTypesAndRevalidation() throws Exception {
        var index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(index.headers().firstValue("content-security-policy").orElseThrow()).contains("default-src 'self'");
        assertThat(index.body()).contains("<script type=\"module\" src=\"/console/app.js\">");

        var script = get("/console/app.js");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        String etag = script.headers().firstValue("etag").orElseThrow();
        assertThat(get("/console/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void headAnswersWithTheHeadersOfGetAndNoBody() throws Exception {
        for (String path : new String[] {"/", "/console/app.js"}) {
            var get = get(path);
            var head = client.send(HttpRequest.newBuilder(URI.create(fixture.http().base() + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("content-type")).as(path).isEqualTo(get.headers().firstValue("content-type"));
            assertThat(head.headers().firstValue("etag")).as(path).isEqualTo(get.headers().firstValue("etag"));
        }
        var unknown = client.send(HttpRequest.newBuilder(URI.create(fixture.http().base() + "/console/nope.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheConsolesOwnFilesAreOpen() throws Exception {
        var unknown = get("/console/secrets.txt");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no such console file");
        for (String path : new String[] {"/console/../api/v1/jobs", "/console/..%2Fapi%2Fv1%2Fjobs", "/console/a/b",
                "/console/%2e%2e/api/v1/jobClusters", "/console/../../weir-data/secrets/admin.token"}) {
            var res = get(path);
            assertThat(res.statusCode()).as(path).isIn(401, 404);
            assertThat(res.body()).as(path).doesNotContain("\"list\"");
        }
    }

    @Test
    void theSessionNamesTheTokensRole() {
        assertThat(fixture.http().get("/api/v1/session").body().get("role").asText()).isEqualTo("admin");
        var read = fixture.http().withToken(TestSecrets.READ_TOKEN).get("/api/v1/session").body();
        assertThat(read.get("role").asText()).isEqualTo("read");
        assertThat(read.get("name").asText()).isNotBlank();
        assertThat(fixture.http().withToken(null).get("/api/v1/session").status()).isEqualTo(401);
    }

    @Test
    void workerMetersSumTheRecordCountersOverTheirLabels() {
        var counts = WorkerMeters.parse(7, """
                # HELP weir_worker_records_in_total records in
                # TYPE weir_worker_records_in_total counter
                weir_worker_records_in_total{job="wc-1",stage="2"} 120.0
                weir_worker_records_out_total{job="wc-1",stage="2"} 80.0
                weir_source_dropped_records_total{job="wc-1",reason="no_credit"} 3.0
                weir_sink_dropped_records_total{reason="buffer_full"} 2.0
                weir_sink_dropped_records_total{reason="sampled"} 5.0
                jvm_threads_live_threads 12.0
                """);
        assertThat(counts).isEqualTo(new WorkerMeters.Counts(7, 120.0, 80.0, 10.0, null));
    }

    @Test
    void workerMetricsOfAJobThatIsNotActiveAre404() {
        var res = fixture.http().get("/api/v1/jobs/nope-1/workerMetrics");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.body().get("error").asText()).contains("nope-1");
    }
}
