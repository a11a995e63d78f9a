package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.registry.ServiceRegistration;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceType;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir services ...} and {@code weir pipeline ...} against a real master process with registered instances. */
class RegistryCommandsTest {

    @TempDir
    static Path dataDir;
    static MasterProcess master;
    static WeirClient client;
    static ServiceRegistration source;
    static ServiceRegistration enricher;

    record Run(int code, String out, String err) {
    }

    static Registration registration(String name, ServiceType type, List<String> in, List<String> out, String address) {
        return new Registration(null, name, type, in, out, List.of(new TransportEndpoint(TransportId.TCP, Plane.STREAM, address, null, null)),
                null, null, 2_000L);
    }

    @BeforeAll
    static void startMaster() throws Exception {
        master = MasterProcess.start(dataDir);
        var http = new TestHttp(master.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
        client = WeirClient.create(WeirClientConfig.of(master.url()).withToken(TestSecrets.ADMIN_TOKEN));
        source = ServiceRegistration.start(client.registry(), registration("source", ServiceType.SOURCE, List.of(), List.of("click.v1"),
                "10.0.0.6:7300"), ServiceRegistration.Options.defaults());
        enricher = ServiceRegistration.start(client.registry(), registration("enricher", ServiceType.PROCESSOR, List.of("click.v1"),
                List.of("click.enriched.v1"), "10.0.0.7:7300"), ServiceRegistration.Options.defaults());
        assertThat(source.awaitRegistered(Duration.ofSeconds(10))).isTrue();
        assertThat(enricher.awaitRegistered(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stopMaster() throws Exception {
        enricher.close();
        source.close();
        client.close();
        master.close();
    }

    private static synchronized Run weir(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var savedOut = System.out;
        var savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--master";
            all[args.length + 1] = master.url();
            all[args.length + 2] = "--token";
            all[args.length + 3] = TestSecrets.ADMIN_TOKEN;
            int code = WeirCli.run(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void servicesListAndDescribe() {
        var list = weir("services", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("NAME", "TYPE", "CONSUMES", "PRODUCES", "INSTANCES", "HEALTH")
                .containsPattern("enricher +PROCESSOR +click.v1 +click.enriched.v1 +1 +\\w+")
                .containsPattern("source +SOURCE +- +click.v1 +1 +HEALTHY");
        assertThat(weir("services", "list", "--json").out()).contains("\"name\" : \"enricher\"");

        var describe = weir("services", "describe", "enricher");
        assertThat(describe.code()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("enricher  PROCESSOR", "upstreams:   source", enricher.instanceId(), "tcp://10.0.0.7:7300");

        var missing = weir("services", "describe", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("weir: ");
    }

    @Test
    void pipelineTopologyAndHealth() {
        var topology = weir("pipeline", "topology");
        assertThat(topology.code()).as(topology.err()).isZero();
        assertThat(topology.out()).contains("source --click.v1--> enricher", "unproduced: -", "unconsumed: click.enriched.v1");

        var health = weir("pipeline", "health");
        assertThat(health.code()).as(health.err()).isZero();
        assertThat(health.out()).contains("pipeline: ", "enricher: ", "source: HEALTHY");
    }

    @Test
    void servicesWatchPrintsEachChange() throws Exception {
        try (var watch = WeirProcess.start(Pattern.compile("instance\\(s\\)"), TestSecrets.env(),
                "services", "watch", "--produces", "click.enriched.v1", "--master", master.url())) {
            assertThat(watch.readyLine()).contains("1 instance(s)");
            enricher.health(InstanceHealth.unhealthy("database unreachable"));
            await().untilAsserted(() -> assertThat(watch.output()).contains("~ " + enricher.instanceId()
                    + " HEALTHY -> UNHEALTHY (database unreachable)"));
            enricher.health(InstanceHealth.HEALTHY);
            await().untilAsserted(() -> assertThat(watch.output()).contains("~ " + enricher.instanceId() + " UNHEALTHY (database unreachable) -> HEALTHY"));
        }
    }

    @Test
    void pipelineHealthWatchPrintsEachChange() throws Exception {
        try (var watch = WeirProcess.start(Pattern.compile("pipeline: "), TestSecrets.env(),
                "pipeline", "health", "--watch", "--master", master.url())) {
            source.health(InstanceHealth.unhealthy("disk full"));
            await().untilAsserted(() -> assertThat(watch.output()).contains("pipeline: UNHEALTHY", "disk full"));
            source.health(InstanceHealth.HEALTHY);
            await().untilAsserted(() -> assertThat(watch.output().substring(watch.output().lastIndexOf("---"))).contains("source: HEALTHY"));
        }
    }
}
