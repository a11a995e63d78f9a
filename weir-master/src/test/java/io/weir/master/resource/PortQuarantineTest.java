package io.weir.master.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.testing.FakeAgent;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker that could not bind its port (PORT_IN_USE) gets that port quarantined on its agent, and placement moves on. */
class PortQuarantineTest {

    @TempDir
    Path dir;
    MasterFixture fixture;
    TestHttp http;
    final List<FakeAgent> agents = new ArrayList<>();

    /** Fast timings, with ports quarantined for 5 s. */
    static final ResourceClusterConfig CONFIG = new ResourceClusterConfig(ResourceSchedulingTest.FAST.heartbeatTimeoutMillis(),
            ResourceSchedulingTest.FAST.tickMillis(), ResourceSchedulingTest.FAST.leaseMillis(), false,
            ResourceSchedulingTest.FAST.reservations(), 5_000);

    ResourceClusterConfig config() {
        return CONFIG;
    }

    @BeforeEach
    void start() {
        fixture = MasterFixture.withResourceClusters(Stores.h2(dir), dir, MasterFixture.FAST, config()).start();
        http = fixture.http();
    }

    @AfterEach
    void stop() {
        agents.forEach(FakeAgent::close);
        fixture.close();
    }

    FakeAgent agent(String id, double cpu, int portsFrom) {
        var a = new FakeAgent(http, id, "127.0.0.1", cpu, false).ports(portsFrom, portsFrom + 99);
        agents.add(a);
        return a;
    }

    double quarantinedPorts() {
        return http.get("/metrics").text().lines().filter(l -> l.startsWith("weir_resource_ports_quarantined{cluster=\"default\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    JsonNode onlyWorker(String jobId) {
        return http.get("/api/v1/jobs/" + jobId).body().path("stages").path(0).path("workers").path(0);
    }

    @Test
    void aPortInUseIsQuarantinedAndTheReplacementGoesToAnotherAgent() {
        // the best fit (least CPU left over) and the first fit are both the agent whose ports another process holds
        var busy = agent("busy", 2, 20_000).failStartsWithPortInUse().register();
        agent("empty", 8, 20_100).register();
        http.post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        var submitted = http.post("/api/v1/jobClusters/one/jobs", "");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
        String jobId = submitted.body().get("jobId").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var w = onlyWorker(jobId);
            assertThat(w.path("state").asText()).isEqualTo("Started");
            assertThat(w.path("taskExecutorId").asText()).isEqualTo("empty");
        });
        assertThat(busy.assignmentsSeen).as("one bind failure, not a loop of them").hasSize(1);
        assertThat(http.get("/metrics").text())
                .contains("weir_resource_ports_quarantined{cluster=\"default\"} 1.0")
                .contains("weir_resource_port_in_use_failures_total{cluster=\"default\"} 1.0");
    }

    @Test
    void aQuarantinedPortIsNotOfferedAgainOnThatAgent() {
        var busy = agent("busy", 4, 20_000).failStartsWithPortInUse().register();
        http.post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        http.post("/api/v1/jobClusters/one/jobs", "");

        await().atMost(Duration.ofSeconds(10)).until(() -> busy.assignmentsSeen.size() >= 3);
        var ports = busy.assignmentPorts();
        assertThat(ports.subList(0, 3)).as("each attempt gets a port not yet known to be taken").doesNotHaveDuplicates();
    }

    @Test
    void aQuarantineEndsAfterItsTime() {
        var busy = agent("busy", 4, 20_000).failStartsWithPortInUse().register();
        http.post("/api/v1/jobClusters", "{\"name\":\"one\",\"jobClass\":\"a.B\",\"stages\":{\"1\":{\"numWorkers\":1}}}");
        String jobId = http.post("/api/v1/jobClusters/one/jobs", "").body().get("jobId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantinedPorts() >= 1);

        busy.bindNormally();

        await().atMost(Duration.ofSeconds(10)).until(() -> onlyWorker(jobId).path("state").asText().equals("Started"));
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantinedPorts() == 0);
    }
}
