package io.weir.master.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.Heartbeat;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Lease;
import io.weir.core.registry.PipelineTopology;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceInstance;
import io.weir.core.registry.ServiceQuery;
import io.weir.core.registry.ServiceType;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.master.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** The registry's rules with a clock moved by hand: leases, conflicts, bounds, revision, health, topology, forgetting. */
class ServiceRegistryTest {

    /** 1970-01-01T00:16:40Z. */
    private static final long START = 1_000_000;

    private final MutableClock clock = new MutableClock(START);
    private final AtomicInteger changes = new AtomicInteger();
    private final List<Long> dueAt = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ServiceRegistry registry = registry(RegistryConfig.DEFAULTS);

    private ServiceRegistry registry(RegistryConfig config) {
        return new ServiceRegistry(config, clock, new RegistryMetrics(new SimpleMeterRegistry()), new ServiceRegistry.Listener() {
            @Override
            public void changed() {
                changes.incrementAndGet();
            }

            @Override
            public void dueAt(long epochMillis) {
                dueAt.add(epochMillis);
            }
        });
    }

    static Registration reg(String id, String name, ServiceType type, List<String> in, List<String> out) {
        return new Registration(id, name, type, in, out,
                List.of(new TransportEndpoint(TransportId.TCP, Plane.STREAM, "10.0.0.7:7300", null, null)), null, Map.of("v", "1"), null);
    }

    static Registration enricher(String id) {
        return reg(id, "enricher", ServiceType.PROCESSOR, List.of("click.v1"), List.of("click.enriched.v1"));
    }

    private static ThrowableAssert.ThrowingCallable call(Runnable r) {
        return r::run;
    }

    private void refused(Runnable r, int status, String messageStart) {
        assertThatThrownBy(call(r)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).startsWith(messageStart);
        });
    }

    private void endRebuilding() {
        clock.advance(RegistryConfig.DEFAULTS.leaseTtlMillis());
        registry.expire();
    }

    @Test
    void aLeaseLastsItsTtlFromTheLastHeartbeatAndThenLapses() {
        Lease lease = registry.register(enricher(null), null);
        assertThat(lease.instanceId()).matches("enricher-[0-9a-f]{12}");
        assertThat(lease.leaseToken()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(lease.leaseTtlMs()).isEqualTo(5_000);
        assertThat(lease.heartbeatIntervalMs()).isEqualTo(1_666);
        assertThat(dueAt).contains(START + 5_000);

        clock.advance(4_000);
        registry.heartbeat(lease.instanceId(), lease.leaseToken(), new Heartbeat(null, null));
        clock.advance(4_000);
        registry.expire();
        assertThat(registry.instance(lease.instanceId())).isPresent();
        assertThat(registry.nextDueAt()).isEqualTo(START + 9_000);
        clock.advance(1_000);
        registry.expire();
        assertThat(registry.instance(lease.instanceId())).isEmpty();
        assertThatThrownBy(() -> registry.heartbeat(lease.instanceId(), lease.leaseToken(), new Heartbeat(null, null)))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("unknown_instance");
                    assertThat(e.getMessage()).contains("register again with \"instanceId\": \"" + lease.instanceId() + "\"");
                });
    }

    @Test
    void heartbeatsAndDeregistrationNeedTheLeaseToken() {
        Lease lease = registry.register(enricher(null), null);
        refused(() -> registry.heartbeat(lease.instanceId(), "wrong", new Heartbeat(null, null)), 403, "X-Weir-Lease: not the lease");
        refused(() -> registry.heartbeat(lease.instanceId(), null, new Heartbeat(null, null)), 403, "X-Weir-Lease: missing");
        refused(() -> registry.deregister(lease.instanceId(), "wrong"), 403, "X-Weir-Lease");
        refused(() -> registry.deregister("nobody", "x"), 404, "instance nobody is not registered");
        registry.deregister(lease.instanceId(), lease.leaseToken());
        assertThat(registry.instance(lease.instanceId())).isEmpty();
    }

    @Test
    void aLiveIdIsReRegisteredOnlyWithItsLeaseAndALapsedOneFreely() {
        Lease lease = registry.register(enricher("enricher-1"), null);
        refused(() -> registry.register(enricher("enricher-1"), null), 409, "instanceId: enricher-1 is registered");
        refused(() -> registry.register(enricher("enricher-1"), "wrong"), 409, "instanceId: enricher-1 is registered");
        long revision = registry.revision();
        assertThat(registry.register(enricher("enricher-1"), lease.leaseToken())).isEqualTo(lease);
        assertThat(registry.revision()).as("the same registration again changes nothing watchers see").isEqualTo(revision);

        endRebuilding();
        clock.advance(5_000);
        registry.expire();
        assertThat(registry.snapshot().lapsed()).hasSize(1);
        Lease again = registry.register(enricher("enricher-1"), null);
        assertThat(again.instanceId()).isEqualTo("enricher-1");
        assertThat(again.leaseToken()).isNotEqualTo(lease.leaseToken());
        assertThat(registry.snapshot().lapsed()).isEmpty();
    }

    @Test
    void aNewInstanceKeepsTheLeaseTokenItBringsSoThatARetriedRegistrationIsTheSameOne() {
        String token = "a-token-of-the-instances-own-choosing";
        Lease lease = registry.register(enricher("enricher-7"), token);
        assertThat(lease.leaseToken()).isEqualTo(token);
        long revision = registry.revision();
        assertThat(registry.register(enricher("enricher-7"), token)).as("the retry after a lost answer").isEqualTo(lease);
        assertThat(registry.revision()).isEqualTo(revision);
        assertThat(registry.snapshot().instances()).hasSize(1);
        refused(() -> registry.register(enricher("enricher-8"), "short"), 400, "X-Weir-Lease: not a lease token");
    }

    @Test
    void instancesOfOneServiceMustAgreeOnTypeAndEventTypes() {
        registry.register(enricher("e-1"), null);
        refused(() -> registry.register(reg("e-2", "enricher", ServiceType.PROCESSOR, List.of("click.v1"), List.of("other.v1")), null),
                409, "outputTypes: service enricher is a PROCESSOR consuming [click.v1] and producing [click.enriched.v1] (instance e-1)");
        refused(() -> registry.register(reg("e-2", "enricher", ServiceType.SINK, List.of("click.v1"), List.of()), null),
                409, "type: service enricher is a PROCESSOR");
        refused(() -> registry.register(reg("e-2", "enricher", ServiceType.PROCESSOR, List.of("x.v1"), List.of("click.enriched.v1")), null),
                409, "inputTypes: service enricher");
        registry.register(enricher("e-2"), null);
        assertThat(registry.snapshot().instances()).hasSize(2);
    }

    @Test
    void invalidRegistrationsAreRefusedWithASentencePerProblem() {
        refused(() -> registry.register(reg(null, "bad name", ServiceType.PROCESSOR, List.of(), List.of("a")), null), 400,
                "name: 'bad name'");
        assertThatThrownBy(call(() -> registry.register(reg(null, "p", ServiceType.PROCESSOR, List.of(), List.of("a")), null)))
                .hasMessageContaining("inputTypes: a PROCESSOR consumes at least one event type");
        refused(() -> registry.register(reg("job:x:0", "p", ServiceType.SOURCE, List.of(), List.of("a")), null), 400,
                "instanceId: 'job:x:0' (ids starting with 'job:'");
        var shortLease = new Registration(null, "p", ServiceType.SOURCE, null, List.of("a"), null, null, null, 100L);
        refused(() -> registry.register(shortLease, null), 400, "leaseTtlMs: 100 (expected: 500..300000");
    }

    @Test
    void registrationsBeyondTheLimitAreRefusedWith429() {
        registry = registry(new RegistryConfig(5_000, 600_000, 5, 2_000, 2));
        Lease first = registry.register(enricher(null), null);
        registry.register(enricher(null), null);
        refused(() -> registry.register(enricher(null), null), 429, "the registry holds 2 instances, its limit (WEIR_MAX_SERVICE_INSTANCES)");
        assertThat(registry.register(enricher(first.instanceId()), first.leaseToken()).instanceId()).isEqualTo(first.instanceId());
    }

    @Test
    void figuresChangeSilentlyWhileHealthChangesArePublished() {
        Lease lease = registry.register(enricher(null), null);
        long revision = registry.revision();
        int changed = changes.get();
        registry.heartbeat(lease.instanceId(), lease.leaseToken(), new Heartbeat(InstanceHealth.HEALTHY, Map.of("recordsPerSecond", 10.0)));
        registry.heartbeat(lease.instanceId(), lease.leaseToken(), new Heartbeat(null, Map.of("recordsPerSecond", 12.0)));
        assertThat(registry.revision()).isEqualTo(revision);
        assertThat(changes.get()).isEqualTo(changed);
        assertThat(registry.instance(lease.instanceId()).orElseThrow().figures()).containsEntry("recordsPerSecond", 12.0);

        registry.heartbeat(lease.instanceId(), lease.leaseToken(), new Heartbeat(InstanceHealth.unhealthy("database unreachable"), null));
        assertThat(registry.revision()).isGreaterThan(revision);
        assertThat(changes.get()).isEqualTo(changed + 1);
        assertThat(registry.instance(lease.instanceId()).orElseThrow().health().reason()).isEqualTo("database unreachable");
        assertThat(registry.instance(lease.instanceId()).orElseThrow().figures()).as("a heartbeat without figures keeps them")
                .containsEntry("recordsPerSecond", 12.0);
    }

    @Test
    void aServiceIsUnhealthyWithoutHealthyInstancesAndDegradedWithSomeOrAnUnproducedInput() {
        endRebuilding();
        registry.register(reg("src-1", "clicks", ServiceType.SOURCE, List.of(), List.of("click.v1")), null);
        Lease e1 = registry.register(enricher("e-1"), null);
        Lease e2 = registry.register(enricher("e-2"), null);
        registry.register(reg("sink-1", "store", ServiceType.SINK, List.of("click.enriched.v1", "geo.v1"), List.of()), null);

        var health = views().health();
        assertThat(health.services()).extracting(s -> s.name() + "=" + s.status())
                .containsExactly("clicks=HEALTHY", "enricher=HEALTHY", "store=DEGRADED");
        assertThat(health.reasons()).containsExactly("store: consumes geo.v1, which no service produces");
        assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);

        registry.heartbeat("e-1", e1.leaseToken(), new Heartbeat(InstanceHealth.unhealthy("database unreachable"), null));
        var enricher = views().health().services().get(1);
        assertThat(enricher.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(enricher.reasons()).containsExactly("e-1 is UNHEALTHY: database unreachable");
        assertThat(enricher.instances()).extracting(i -> i.instanceId() + "=" + i.status()).containsExactly("e-1=UNHEALTHY", "e-2=HEALTHY");

        registry.heartbeat("e-2", e2.leaseToken(), new Heartbeat(new InstanceHealth(HealthStatus.DEGRADED, "slow"), null));
        health = views().health();
        assertThat(health.services().get(1).status()).as("a degraded instance still serves").isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.reasons()).contains("enricher: e-2 is DEGRADED: slow");

        registry.heartbeat("e-2", e2.leaseToken(), new Heartbeat(InstanceHealth.unhealthy("out of memory"), null));
        health = views().health();
        assertThat(health.services().get(1).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(health.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(health.reasons()).contains("enricher: e-1 is UNHEALTHY: database unreachable", "enricher: e-2 is UNHEALTHY: out of memory");
    }

    @Test
    void theTopologyJoinsProducersToConsumersByEventType() {
        registry.register(reg("src-1", "clicks", ServiceType.SOURCE, List.of(), List.of("click.v1")), null);
        registry.register(enricher("e-1"), null);
        registry.register(enricher("e-2"), null);
        registry.register(reg("sink-1", "store", ServiceType.SINK, List.of("click.enriched.v1", "geo.v1"), List.of()), null);
        registry.register(reg("src-2", "audit", ServiceType.SOURCE, List.of(), List.of("audit.v1")), null);

        PipelineTopology t = views().topology();
        assertThat(t.services()).extracting(n -> n.name() + ":" + n.type() + ":" + n.instances())
                .containsExactly("audit:SOURCE:1", "clicks:SOURCE:1", "enricher:PROCESSOR:2", "store:SINK:1");
        assertThat(t.edges()).containsExactly(new PipelineTopology.Edge("clicks", "enricher", "click.v1"),
                new PipelineTopology.Edge("enricher", "store", "click.enriched.v1"));
        assertThat(t.unproduced()).containsExactly("geo.v1");
        assertThat(t.unconsumed()).containsExactly("audit.v1");
        assertThat(t.revision()).isEqualTo(registry.revision());

        var store = views().service("store").orElseThrow();
        assertThat(store.upstreams()).containsExactly("enricher");
        assertThat(views().service("enricher").orElseThrow().downstreams()).containsExactly("store");
        assertThat(views().query(ServiceQuery.upstreamsOf("click.enriched.v1")).instances())
                .extracting(ServiceInstance::instanceId).containsExactly("e-1", "e-2");
        assertThat(views().query(ServiceQuery.downstreamsOf("click.v1")).instances()).hasSize(2);
        assertThat(views().query(new ServiceQuery(ServiceType.SOURCE, null, null, null)).instances()).hasSize(2);
    }

    @Test
    void aServiceWhoseLeasesLapsedStaysUnhealthyUntilForgottenWhileOneThatLeftDisappears() {
        registry = registry(new RegistryConfig(5_000, 60_000, 5, 2_000, 100));
        endRebuilding();
        Lease gone = registry.register(reg("a-1", "audit", ServiceType.SOURCE, List.of(), List.of("audit.v1")), null);
        registry.register(enricher("e-1"), null);
        registry.deregister("a-1", gone.leaseToken());
        assertThat(views().services().services()).extracting(v -> v.name()).containsExactly("enricher");

        clock.advance(5_000);
        registry.expire();
        var health = views().health();
        assertThat(health.services()).hasSize(1);
        assertThat(health.services().getFirst().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(health.services().getFirst().reasons()).containsExactly("lease of e-1 lapsed at 00:16:50Z",
                "consumes click.v1, which no service produces");
        assertThat(views().topology().services()).extracting(n -> n.name() + ":" + n.instances()).containsExactly("enricher:0");
        assertThat(registry.nextDueAt()).isEqualTo(START + 10_000 + 60_000);

        clock.advance(60_000);
        registry.expire();
        assertThat(views().health().services()).isEmpty();
        assertThat(views().health().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void whileRebuildingLapsedLeasesAreNotReported() {
        registry.register(enricher("e-1"), null);
        assertThat(registry.snapshot().rebuilding()).isTrue();
        assertThat(registry.nextDueAt()).isEqualTo(START + 5_000);
        clock.advance(5_000);
        registry.expire();
        assertThat(registry.snapshot().rebuilding()).isFalse();
        assertThat(views().health().reasons()).containsExactly("enricher: lease of e-1 lapsed at 00:16:45Z",
                "enricher: consumes click.v1, which no service produces");
    }

    @Test
    void aLapseDuringRebuildingIsHiddenUntilRebuildingEnds() {
        registry = registry(new RegistryConfig(5_000, 600_000, 5, 2_000, 100));
        var shortLease = new Registration("e-1", "enricher", ServiceType.PROCESSOR, List.of("click.v1"), List.of("click.enriched.v1"),
                null, null, null, 1_000L);
        registry.register(shortLease, null);
        clock.advance(1_000);
        registry.expire();
        assertThat(registry.snapshot().rebuilding()).isTrue();
        assertThat(views().health().services()).isEmpty();
        assertThat(views().health().reasons()).isEmpty();
        clock.advance(4_000);
        registry.expire();
        assertThat(views().health().reasons()).containsExactly("enricher: lease of e-1 lapsed at 00:16:41Z",
                "enricher: consumes click.v1, which no service produces");
    }

    @Test
    void jobWorkersAreInstancesWithoutLeases() {
        var worker = new ServiceInstance("job:wc-1:0", "wc", ServiceType.PROCESSOR, List.of("click.v1"), List.of("count.v1"),
                List.of(), InstanceHealth.unhealthy("Launched"), null, null, ServiceInstance.JOB, "wc-1", 0, START, null);
        registry.putJob("wc-1", List.of(worker));
        assertThat(registry.instance("job:wc-1:0")).contains(worker);
        refused(() -> registry.heartbeat("job:wc-1:0", "x", new Heartbeat(null, null)), 403, "instance job:wc-1:0 is a Weir job's worker");
        long revision = registry.revision();
        registry.putJob("wc-1", List.of(worker));
        assertThat(registry.revision()).isEqualTo(revision);
        var started = new ServiceInstance("job:wc-1:0", "wc", ServiceType.PROCESSOR, List.of("click.v1"), List.of("count.v1"),
                List.of(), InstanceHealth.HEALTHY, null, null, ServiceInstance.JOB, "wc-1", 0, START, null);
        registry.putJob("wc-1", List.of(started));
        assertThat(registry.revision()).isGreaterThan(revision);
        clock.advance(3_600_000);
        registry.expire();
        assertThat(registry.instance("job:wc-1:0")).isPresent();
        registry.removeJob("wc-1");
        assertThat(registry.instance("job:wc-1:0")).isEmpty();
        assertThat(registry.snapshot().lapsed()).isEmpty();
    }

    private RegistryViews views() {
        return new RegistryViews(registry.snapshot());
    }
}
