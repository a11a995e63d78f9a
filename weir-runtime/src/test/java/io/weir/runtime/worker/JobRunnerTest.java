package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.model.FailureKind;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.worker.StartFailures;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class JobRunnerTest {

    /** Counts up at a parameterized step, doubles each number, and serves the results. */
    public static final class CountingJob implements WeirJob {

        /** One output record. */
        public record Doubled(long n, long twice) {
        }

        @Override
        public List<ParameterDefinition> parameters() {
            return List.of(ParameterDefinition.of("step", ParameterDefinition.Type.LONG, "1", "increment"));
        }

        @Override
        public Topology topology(JobContext context) {
            long step = context.parameters().longValue("step");
            return Topology.from(ctx -> Flux.interval(java.time.Duration.ofMillis(5)).map(i -> i * step), Codecs.json(Long.class))
                    .then(StageSpec.map(n -> new Doubled(n, 2 * n), Codecs.json(Doubled.class)))
                    .toSink();
        }
    }

    /** Two stages: numbers, then their squares served by the sink. */
    public static final class TwoStageJob implements WeirJob {

        @Override
        public Topology topology(JobContext context) {
            return Topology.from(ctx -> Flux.interval(java.time.Duration.ofMillis(5)), Codecs.json(Long.class))
                    .then(StageSpec.map(n -> n, Codecs.json(Long.class)))
                    .then(StageSpec.map(n -> n * n, Codecs.json(Long.class)))
                    .toSink();
        }
    }

    private static WorkerContext context(Map<String, String> parameters, int totalStages) {
        return new WorkerContext("count-1", 1, 1, 0, totalStages, parameters, List.of(), "127.0.0.1", "http://127.0.0.1:1");
    }

    @Test
    void aSingleStageJobServesItsRecordsAsServerSentEvents() throws Exception {
        try (var worker = new CountingJob().start(context(Map.of("step", "3"), 1))) {
            int port = worker.ports().data().get(0);
            var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?clientId=t")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            var lines = new ArrayList<String>();
            try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String line;
                while (lines.size() < 3 && (line = in.readLine()) != null) {
                    if (line.startsWith("data: {")) {
                        lines.add(line);
                    }
                }
            }
            assertThat(lines).allSatisfy(l -> assertThat(l).matches("data: \\{\"n\":(\\d+),\"twice\":(\\d+)}"));
            for (String l : lines) {
                var m = java.util.regex.Pattern.compile("\"n\":(\\d+),\"twice\":(\\d+)").matcher(l);
                assertThat(m.find()).isTrue();
                long n = Long.parseLong(m.group(1));
                assertThat(n % 3).isZero();
                assertThat(Long.parseLong(m.group(2))).isEqualTo(2 * n);
            }
        }
    }

    @Test
    void eachWorkerServesItsMetricsOnItsMetricsPort() throws Exception {
        try (var worker = new CountingJob().start(context(Map.of(), 1))) {
            Integer metricsPort = worker.ports().metricsPort();
            assertThat(metricsPort).isNotNull().isPositive();
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                var body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains("weir_worker_records_out_total{job=\"count-1\",stage=\"1\"}");
                assertThat(body).contains("weir_sink_records_out_total");
                assertThat(body).contains("weir_sink_bytes_out_total");
                assertThat(body).containsPattern("weir_worker_processing_latency_seconds_count\\{job=\"count-1\",stage=\"1\"} [1-9]");
                assertThat(body).contains("weir_worker_processing_latency_seconds_bucket{job=\"count-1\",stage=\"1\",le=");
            });
        }
    }

    @Test
    void badParametersFailTheStartWithTheParameterNamed() {
        assertThatThrownBy(() -> new CountingJob().start(context(Map.of("step", "x"), 1)))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageStartingWith("parameters.step: 'x'");
        assertThatThrownBy(() -> new CountingJob().start(context(Map.of("stepp", "1"), 1)))
                .hasMessageStartingWith("parameters.stepp: unknown parameter");
    }

    @Test
    void aClusterWhoseStageCountDiffersFromTheTopologyIsRefused() {
        assertThatThrownBy(() -> new CountingJob().start(context(Map.of(), 3)))
                .hasMessageContaining("declares 3 stages but").hasMessageContaining("has 1");
    }

    @Test
    void aStartWhoseDataPortIsTakenFailsAsPortInUseAndReleasesEverythingItBound() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            var metricsPorts = new ArrayList<Integer>();
            var worker = new WorkerContext("held-1", 7, 1, 0, 2, Map.of(), List.of(taken.getLocalPort()), "127.0.0.1", "http://127.0.0.1:1");

            assertThatThrownBy(() -> JobRunner.start(new TwoStageJob(), worker, registry -> {
                var server = new WorkerMetricsServer(registry);
                metricsPorts.add(server.port());
                return server;
            })).satisfies(e -> assertThat(StartFailures.classify(e)).isEqualTo(FailureKind.PORT_IN_USE));

            assertThat(metricsPorts).hasSize(1);
            assertThatThrownBy(() -> new Socket("127.0.0.1", metricsPorts.get(0)).close()).isInstanceOf(ConnectException.class);
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals("weir-stage-connections-held-1-7")));
        }
    }

    @org.junit.jupiter.api.Test
    void aJobIsCheckedBeforeAnyWorkerStarts() {
        var job = new CountingJob();
        job.check(java.util.Map.of("step", "3"), 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.check(java.util.Map.of("step", "three"), 1))
                .isInstanceOf(io.weir.core.model.InvalidDefinitionException.class).hasMessageContaining("parameters.step: 'three'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.check(java.util.Map.of(), 3))
                .isInstanceOf(io.weir.core.model.InvalidDefinitionException.class).hasMessageContaining("declares 3 stages but");
    }
}
