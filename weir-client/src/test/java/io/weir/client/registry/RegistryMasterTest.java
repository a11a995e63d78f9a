package io.weir.client.registry;

import static io.weir.client.registry.Instances.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.registry.UpstreamSet.Source;
import io.weir.client.testing.TcpProxy;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceSet;
import io.weir.core.registry.ServiceType;
import io.weir.master.registry.RegistryConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * Registration and upstream watching against a real master, reached through a relay so that a restarted master (on a
 * new port) keeps its address and so that its connections can be cut as a crash would.
 */
class RegistryMasterTest {

    static final ExponentialBackoff FAST = new ExponentialBackoff(20, 200, 0.5);
    static final long WATCH_HEARTBEAT_MS = 200;

    @TempDir
    Path dataDir;
    MasterFixture master;
    TcpProxy relay;
    WeirClient client;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST)
                .configure(c -> c.withRegistry(new RegistryConfig(1_500, 600_000, 5, WATCH_HEARTBEAT_MS, 10_000))).start();
        relay = new TcpProxy(master.master().port());
        client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + relay.port()).withToken(TestSecrets.ADMIN_TOKEN)
                .withConnectTimeoutMillis(1_000).withDiscoveryIdleTimeoutMillis(6_000));
    }

    @AfterEach
    void stop() throws Exception {
        subscriptions.forEach(Disposable::dispose);
        for (var c : closeables.reversed()) {
            c.close();
        }
        client.close();
        relay.close();
        master.close();
    }

    <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static Registration source(String name, String address) {
        return new Registration(null, name, ServiceType.SOURCE, null, List.of("click.v1"), List.of(tcp(address)), null,
                Map.of("version", "1"), 1_500L);
    }

    ServiceRegistration register(Registration registration) {
        var r = closing(ServiceRegistration.start(client.registry(), registration, ServiceRegistration.Options.defaults().backoff(FAST)));
        assertThat(r.awaitRegistered(Duration.ofSeconds(10))).as("registered").isTrue();
        return r;
    }

    UpstreamWatcher watch(String eventType, UpstreamWatcher.Options options) {
        return closing(UpstreamWatcher.start(client.registry(), eventType, options.backoff(FAST).masterHeartbeatMillis(WATCH_HEARTBEAT_MS)));
    }

    static List<String> ids(ServiceSet set) {
        return set.instances().stream().map(ServiceInstance::instanceId).toList();
    }

    @Test
    void aRegistrationIsVisibleInQueriesAndGoneAfterClose() {
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        String id = clicks.instanceId();
        assertThat(id).isNotBlank();
        assertThat(clicks.state()).isEqualTo(ServiceRegistration.State.REGISTERED);

        assertThat(ids(client.registry().instances(ServiceQuery.upstreamsOf("click.v1")))).containsExactly(id);
        assertThat(ids(client.registry().instances(ServiceQuery.downstreamsOf("click.v1")))).isEmpty();
        assertThat(client.registry().instance(id).endpoints()).extracting(e -> e.address()).containsExactly("10.0.0.7:7300");
        assertThat(client.registry().services().services()).extracting(s -> s.name()).contains("clicks");
        assertThat(client.registry().service("clicks").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(client.registry().topology().unconsumed()).contains("click.v1");

        clicks.close();
        assertThat(clicks.state()).isEqualTo(ServiceRegistration.State.CLOSED);
        assertThat(ids(client.registry().instances(ServiceQuery.upstreamsOf("click.v1")))).isEmpty();
    }

    @Test
    void heartbeatsKeepTheLeaseAndCarryHealthToWatchers() {
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        var sets = new CopyOnWriteArrayList<ServiceSet>();
        subscriptions.add(client.registry().watchInstances(ServiceQuery.named("clicks")).subscribe(sets::add));
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults());
        await().untilAsserted(() -> assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId()));
        assertThat(watcher.current().source()).isEqualTo(Source.MASTER);

        clicks.figures(() -> Map.of("recordsPerSecond", 1520.0));
        clicks.health(InstanceHealth.unhealthy("database unreachable"));
        await().untilAsserted(() -> assertThat(watcher.current().upstreams()).singleElement()
                .satisfies(u -> assertThat(u.health()).isEqualTo(InstanceHealth.unhealthy("database unreachable"))));
        await().untilAsserted(() -> assertThat(sets.get(sets.size() - 1).instances()).singleElement()
                .satisfies(i -> assertThat(i.health().status()).isEqualTo(HealthStatus.UNHEALTHY)));
        assertThat(client.registry().health().status()).isEqualTo(HealthStatus.UNHEALTHY);

        // several leases of 1.5 s pass: heartbeats keep the instance
        long registered = client.registry().instance(clicks.instanceId()).registeredAt();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> client.registry().instance(clicks.instanceId()).registeredAt() == registered);
        assertThat(client.registry().instance(clicks.instanceId()).figures()).containsEntry("recordsPerSecond", 1520.0);
    }

    @Test
    void aRegistrationComesBackUnderItsIdAfterAMasterRestart() {
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        String id = clicks.instanceId();

        master.restart();
        relay.target(master.master().port());
        relay.cut();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(client.registry().instances(ServiceQuery.upstreamsOf("click.v1")))).containsExactly(id));
        assertThat(clicks.instanceId()).isEqualTo(id);
        await().until(() -> clicks.state() == ServiceRegistration.State.REGISTERED);
    }

    @Test
    void theWatcherSwitchesWhenTheProducingInstanceIsReplaced() {
        var seen = new CopyOnWriteArrayList<UpstreamSet>();
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults()).onChange(seen::add);
        var first = register(source("clicks", "10.0.0.7:7300"));
        await().untilAsserted(() -> assertThat(watcher.pick()).map(Upstream::address).contains("10.0.0.7:7300"));

        var second = register(source("clicks", "10.0.0.8:7300"));
        await().untilAsserted(() -> assertThat(watcher.current().upstreams()).hasSize(2));
        assertThat(watcher.pick()).map(Upstream::instanceId).contains(first.instanceId());

        first.close();
        await().untilAsserted(() -> assertThat(watcher.pick()).map(Upstream::instanceId).contains(second.instanceId()));
        assertThat(seen).allMatch(s -> s.source() == Source.MASTER);
        assertThat(seen.get(seen.size() - 1).upstreams()).extracting(Upstream::address).containsExactly("10.0.0.8:7300");
    }

    @Test
    void theLastKnownSetWhileTheMasterIsDownThenTheMastersViewAgain() {
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults().fallback(List.of(tcp("backup:7300"))));
        await().untilAsserted(() -> assertThat(watcher.current().source()).isEqualTo(Source.MASTER));

        master.close();
        relay.cut();
        await().untilAsserted(() -> assertThat(watcher.current().source()).isEqualTo(Source.LAST_KNOWN));
        assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId());
        await().until(() -> clicks.state() == ServiceRegistration.State.MASTER_UNREACHABLE);

        master.start();
        relay.target(master.master().port());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(watcher.current().source()).isEqualTo(Source.MASTER);
            assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId());
        });
        await().until(() -> clicks.state() == ServiceRegistration.State.REGISTERED);
    }

    @Test
    void theFallbackWhileTheMasterIsDownFromTheStartThenTheMastersView() {
        master.close();
        relay.cut();
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults().fallback(List.of(tcp("backup:7300"))));
        await().untilAsserted(() -> assertThat(watcher.current().source()).isEqualTo(Source.FALLBACK));
        assertThat(watcher.pick()).map(Upstream::address).contains("backup:7300");

        master.start();
        relay.target(master.master().port());
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(watcher.current().source()).isEqualTo(Source.MASTER);
            assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId());
        });
    }

    @Test
    void aWatchThatMissesHeartbeatsIsDeadAndTheLastKnownSetIsUsed() {
        var clicks = register(source("clicks", "10.0.0.7:7300"));
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults().missedHeartbeats(3));
        await().untilAsserted(() -> assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId()));

        // a hung master: the connection stays open and silent, so only the missing heartbeats tell
        relay.freeze();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(watcher.current().source()).isEqualTo(Source.LAST_KNOWN));
        assertThat(watcher.pick()).map(Upstream::instanceId).contains(clicks.instanceId());
    }

    @Test
    void aRegistrationStartedWithoutAMasterRegistersAsSoonAsOneIsReachable() {
        master.close();
        relay.cut();
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var clicks = closing(ServiceRegistration.start(client.registry(), source("clicks", "10.0.0.7:7300"),
                ServiceRegistration.Options.defaults().backoff(FAST).meters(meters)));
        await().until(() -> clicks.state() == ServiceRegistration.State.MASTER_UNREACHABLE);

        master.start();
        relay.target(master.master().port());
        assertThat(clicks.awaitRegistered(Duration.ofSeconds(10))).isTrue();
        assertThat(ids(client.registry().instances(ServiceQuery.named("clicks")))).containsExactly(clicks.instanceId());
        await().untilAsserted(() -> assertThat(meters.counter("weir_client_registry_heartbeats_total", "service", "clicks",
                "outcome", "ok").count()).isPositive());
        assertThat(meters.counter("weir_client_registry_registrations_total", "service", "clicks", "outcome", "registered").count())
                .isEqualTo(1.0);
    }

    @Test
    void aRefusedRegistrationFailsWithTheMastersSentenceAndIsNotRetried() {
        register(source("clicks", "10.0.0.7:7300"));
        var sink = new Registration(null, "clicks", ServiceType.SINK, List.of("click.v1"), null, List.of(tcp("10.0.0.9:7300")), null, null, null);
        var refused = closing(ServiceRegistration.start(client.registry(), sink, ServiceRegistration.Options.defaults().backoff(FAST)));
        assertThat(refused.awaitRegistered(Duration.ofSeconds(10))).isFalse();
        assertThat(refused.state()).isEqualTo(ServiceRegistration.State.FAILED);
        assertThat(refused.failure().status()).isEqualTo(409);
        assertThat(refused.failure().getMessage()).contains("clicks");
    }

    @Test
    void aJobDeclaringEventTypesIsAnUpstreamAsLongAsItsSinkWorkersLive() {
        var definition = io.weir.client.testing.Clusters.twoStages("clicksjob", 2);
        client.jobClusters().create(new io.weir.core.model.JobClusterDefinition(definition.name(), definition.jobClass(), null,
                definition.version(), definition.parameters(), definition.stages(), null, definition.labels(), null,
                new io.weir.core.model.EventTypes(null, List.of("click.v1"))));
        var watcher = watch("click.v1", UpstreamWatcher.Options.defaults());
        String jobId = client.jobClusters().submit("clicksjob").jobId();
        try (var job = new io.weir.client.testing.SinkJob(master.http(), jobId, false)) {
            var sinks = job.startLaunched(3);
            await().untilAsserted(() -> assertThat(watcher.current().upstreams()).extracting(Upstream::address)
                    .containsExactlyInAnyOrderElementsOf(sinks.stream().map(w -> "127.0.0.1:" + w.port()).toList()));
            String id = watcher.pick().orElseThrow().instanceId();
            assertThat(id).startsWith("job:" + jobId + ":");
            assertThat(client.registry().instance(id).origin()).isEqualTo(ServiceInstance.JOB);

            client.jobs().kill(jobId, "done");
            await().untilAsserted(() -> assertThat(watcher.current().upstreams()).isEmpty());
            assertThat(watcher.current().source()).isEqualTo(Source.MASTER);
        }
    }
}
