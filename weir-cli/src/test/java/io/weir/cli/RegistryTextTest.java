package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.PipelineHealth;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import io.weir.core.registry.ServiceView;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the registry commands print: tables, change lines, edges, health. */
class RegistryTextTest {

    static ServiceInstance instance(String id, String name, InstanceHealth health) {
        return new ServiceInstance(id, name, ServiceType.PROCESSOR, List.of("click.v1"), List.of("click.enriched.v1"),
                List.of(new TransportEndpoint(TransportId.TCP, Plane.STREAM, "10.0.0.7:7300", null, null)), health, null, null,
                ServiceInstance.REGISTERED, null, null, 0, 5_000L);
    }

    static String printed(Table t) {
        var out = new ByteArrayOutputStream();
        var saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            t.print();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servicesTableHasOneRowAService() {
        var view = new ServiceView("enricher", ServiceType.PROCESSOR, List.of("click.v1"), List.of("click.enriched.v1"),
                HealthStatus.DEGRADED, List.of("consumes click.v1, which no service produces"), List.of(), List.of(),
                List.of(instance("enricher-1", "enricher", InstanceHealth.HEALTHY)));
        String table = printed(RegistryText.services(new ServiceView.All(3, List.of(view))));
        assertThat(table.lines().toList()).containsExactly(
                "NAME      TYPE       CONSUMES  PRODUCES           INSTANCES  HEALTH",
                "enricher  PROCESSOR  click.v1  click.enriched.v1  1          DEGRADED");
        assertThat(RegistryText.describe(view)).contains("enricher  PROCESSOR  DEGRADED", "upstreams:   -",
                "reason:      consumes click.v1, which no service produces");
        assertThat(printed(RegistryText.instances(view.instances(), 1_000))).contains("enricher-1", "HEALTHY", "tcp://10.0.0.7:7300", "4000ms");
    }

    @Test
    void aWatchPrintsTheSetThenOneLineAChange() {
        var at = Instant.parse("2026-12-04T23:00:00Z");
        var first = new ServiceSet(1, List.of(instance("a", "enricher", InstanceHealth.HEALTHY), instance("b", "enricher", InstanceHealth.HEALTHY)), false, false);
        assertThat(RegistryText.changes(null, first, at)).containsExactly(
                "2026-12-04T23:00:00Z rev 1  2 instance(s)",
                "2026-12-04T23:00:00Z rev 1  = a (enricher PROCESSOR) HEALTHY tcp://10.0.0.7:7300",
                "2026-12-04T23:00:00Z rev 1  = b (enricher PROCESSOR) HEALTHY tcp://10.0.0.7:7300");
        var second = new ServiceSet(2, List.of(instance("b", "enricher", InstanceHealth.unhealthy("db down")),
                instance("c", "enricher", InstanceHealth.HEALTHY)), false, true);
        assertThat(RegistryText.changes(first, second, at)).containsExactly(
                "2026-12-04T23:00:00Z rev 2 (master rebuilding)  ~ b HEALTHY -> UNHEALTHY (db down)",
                "2026-12-04T23:00:00Z rev 2 (master rebuilding)  + c (enricher PROCESSOR) HEALTHY tcp://10.0.0.7:7300",
                "2026-12-04T23:00:00Z rev 2 (master rebuilding)  - a (enricher) left");
    }

    @Test
    void topologyIsEdgesThenLooseEnds() {
        var t = new PipelineTopology(4,
                List.of(new PipelineTopology.Node("source", ServiceType.SOURCE, List.of(), List.of("click.v1"), 1),
                        new PipelineTopology.Node("enricher", ServiceType.PROCESSOR, List.of("click.v1"), List.of("click.enriched.v1"), 2),
                        new PipelineTopology.Node("audit", ServiceType.SINK, List.of("audit.v1"), List.of(), 1)),
                List.of(new PipelineTopology.Edge("source", "enricher", "click.v1")), List.of("audit.v1"), List.of("click.enriched.v1"));
        assertThat(RegistryText.topology(t)).containsExactly(
                "source --click.v1--> enricher",
                "audit (SINK, on no edge)",
                "unproduced: audit.v1",
                "unconsumed: click.enriched.v1");
    }

    @Test
    void healthIsOverallThenEachServiceWithReasons() {
        var h = new PipelineHealth(7, HealthStatus.UNHEALTHY, List.of("enricher: lease of enricher-1 lapsed at 12:03:07Z"),
                List.of(new PipelineHealth.ServiceHealth("enricher", HealthStatus.UNHEALTHY, List.of("lease of enricher-1 lapsed at 12:03:07Z"),
                                List.of(new PipelineHealth.Instance("enricher-2", HealthStatus.UNHEALTHY, "database unreachable"))),
                        new PipelineHealth.ServiceHealth("source", HealthStatus.HEALTHY, List.of(),
                                List.of(new PipelineHealth.Instance("source-1", HealthStatus.HEALTHY, null)))));
        assertThat(RegistryText.health(h)).containsExactly(
                "pipeline: UNHEALTHY",
                "  enricher: lease of enricher-1 lapsed at 12:03:07Z",
                "enricher: UNHEALTHY (0/1 instances healthy)",
                "  lease of enricher-1 lapsed at 12:03:07Z",
                "  enricher-2: UNHEALTHY (database unreachable)",
                "source: HEALTHY (1/1 instances healthy)");
    }

    /** Every command, watches included, ends at once with one sentence instead of retrying. */
    @Test
    void anUnreachableMasterIsOneSentenceAndExitCodeTwo() {
        String url;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            url = "http://127.0.0.1:" + probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (var command : List.of("services list", "services watch --produces click.v1", "pipeline health --watch", "pipeline topology")) {
            var err = new ByteArrayOutputStream();
            var saved = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = WeirCli.run((command + " --master " + url).split(" "));
            } finally {
                System.setErr(saved);
            }
            assertThat(code).as(command).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).strip()).as(command)
                    .startsWith("weir: cannot reach the master at " + url).doesNotContain("\n");
        }
    }
}
