package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.registry.ServiceRegistration;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * The registry is language-neutral: {@code examples/python/weir_service.py} (Python's standard library only) registers,
 * is watched by a Java client, follows its upstreams over SSE, registers again under its id after a master restart,
 * and deregisters on SIGTERM. Needs {@code python3} (.ci/run installs it).
 */
class PythonParticipantTest {

    private static final Path SCRIPT = Path.of("..", "examples", "python", "weir_service.py");

    @TempDir
    Path dataDir;

    @Test
    void aPythonParticipantRegistersFollowsItsUpstreamsSurvivesAMasterRestartAndLeaves() throws Exception {
        assertThat(SCRIPT).exists();
        var master = MasterProcess.start(dataDir);
        int port = master.port();
        Process python = null;
        try (var client = WeirClient.create(WeirClientConfig.of(master.url()).withToken(TestSecrets.ADMIN_TOKEN))) {
            var http = new TestHttp(master.url());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").status() == 200);
            var seen = new CopyOnWriteArrayList<ServiceSet>();
            Disposable watch = client.registry().watchInstances(ServiceQuery.named("py-enricher")).subscribe(seen::add);

            python = new ProcessBuilder("python3", SCRIPT.toString(), "--master", master.url(), "--token", TestSecrets.ADMIN_TOKEN,
                    "--name", "py-enricher", "--type", "PROCESSOR", "--consumes", "click.v1", "--produces", "click.enriched.v1",
                    "--address", "127.0.0.1:9999", "--lease-ms", "2000").redirectErrorStream(true).start();
            var output = new CopyOnWriteArrayList<String>();
            Process p = python;
            Thread.ofVirtual().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(output::add);
                } catch (Exception e) {
                    output.add("reader: " + e);
                }
            });

            await().atMost(Duration.ofSeconds(20)).until(() -> last(seen).size() == 1);
            var instance = last(seen).get(0);
            assertThat(instance.metadata()).containsEntry("language", "python");
            assertThat(instance.endpoints()).singleElement().satisfies(e -> assertThat(e.address()).isEqualTo("127.0.0.1:9999"));

            var source = ServiceRegistration.start(client.registry(), RegistryCommandsTest.registration("clicks", ServiceType.SOURCE,
                    List.of(), List.of("click.v1"), "10.0.0.6:7300"), ServiceRegistration.Options.defaults());
            assertThat(source.awaitRegistered(Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> output.stream()
                    .anyMatch(l -> l.contains("upstreams of click.v1: " + source.instanceId() + "@10.0.0.6:7300")));

            master.close();
            master = MasterProcess.start(dataDir, port, java.util.Map.of());
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.get("/readyz").status() == 200);
            await("registered again under its id").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> http.get("/api/v1/serviceInstances/" + instance.instanceId()).status() == 200);
            assertThat(output.stream().filter(l -> l.contains(" registered " + instance.instanceId()))).as("%s", output).hasSize(2);

            python.toHandle().destroy();
            assertThat(python.waitFor(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/serviceInstances/" + instance.instanceId()).status() == 404);
            assertThat(output).anyMatch(l -> l.contains("deregistered " + instance.instanceId() + " (204)"));
            watch.dispose();
            source.close();
        } finally {
            if (python != null) {
                python.destroyForcibly();
            }
            master.close();
        }
    }

    private static List<io.weir.core.registry.ServiceInstance> last(List<ServiceSet> sets) {
        return sets.isEmpty() ? List.of() : sets.get(sets.size() - 1).instances();
    }
}
