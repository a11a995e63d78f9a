package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripted discovery sequences on virtual time: no sleeps, every step explicit. */
class ReconciliatorTest {

    private static final Endpoint A = endpoint(1, 0);
    private static final Endpoint B = endpoint(2, 1);
    private static final Endpoint C = endpoint(3, 2);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeConnector connector = new FakeConnector();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingListener listener = new RecordingListener();
    private DynamicConnectionSet<FakeConnection> set;
    private Reconciliator<FakeConnection> reconciliator;

    @BeforeEach
    void setUp() {
        set = new DynamicConnectionSet<>("stage-2", connector, 2, scheduler, registry).retireAfter(0);
        set.addListener(listener);
        reconciliator = new Reconciliator<>(set, ReconcileSettings.defaults(), scheduler, new SplittableRandom(42));
        connector.guard(e -> reconciliator.expected().contains(e));
    }

    @Test
    void opensTwoConnectionsPerExpectedEndpoint() {
        expect(A, B);

        assertThat(set.connections()).hasSize(4);
        assertThat(set.connections(A)).extracting(c -> c.slot).containsExactly(0, 1);
        assertThat(activeGauge()).isEqualTo(4);
    }

    @Test
    void endpointThatLeavesIsClosed() {
        expect(A, B);
        expect(B);

        assertThat(set.endpoints()).containsExactly(B);
        assertThat(connector.opened).filteredOn(c -> c.endpoint().equals(A)).allMatch(c -> c.closedByOwner);
        assertThat(connector.openConnections()).extracting(FakeConnection::endpoint).containsOnly(B);
    }

    @Test
    void duplicateEventsDialOnce() {
        expect(A, B);
        expect(A, B);
        expect(B, A);

        assertThat(connector.dials).hasSize(4);
    }

    @Test
    void anUpstreamThatEndsItsStreamIsNotDialledAgainBeforeDiscoveryHadTime() {
        expect(A);
        connector.opened.get(0).terminated().toCompletableFuture().complete(null);
        scheduler.runPending();

        assertThat(connector.dials).hasSize(2);
        scheduler.advance(ReconcileSettings.defaults().checkIntervalMillis() - 1);
        assertThat(connector.dials).as("held off, not retried with backoff").hasSize(2);

        expect();
        scheduler.advance(10_000);
        assertThat(connector.dials).as("discovery says it left: never dialled again").hasSize(2);
    }

    @Test
    void anUpstreamThatEndedButStaysInDiscoveryIsDialledAfterACheckInterval() {
        expect(A);
        connector.opened.get(0).terminated().toCompletableFuture().complete(null);
        scheduler.runPending();
        scheduler.advance(ReconcileSettings.defaults().checkIntervalMillis());

        assertThat(connector.dials).hasSize(3);
        assertThat(set.connections(A)).hasSize(2);
    }

    @Test
    void replacedWorkerIsANewEndpoint() {
        Endpoint replacement = endpoint(9, A.workerIndex());
        expect(A);
        expect(replacement);

        assertThat(set.endpoints()).containsExactly(replacement);
        assertThat(connector.openConnections()).extracting(FakeConnection::endpoint).containsOnly(replacement);
    }

    @Test
    void flappingEndpointConvergesToTheLatestEvent() {
        for (int i = 0; i < 5; i++) {
            expect(A, B);
            expect(A);
        }
        assertThat(set.endpoints()).containsExactly(A);
        assertThat(connector.openConnections()).hasSize(2);

        expect(A, B);
        assertThat(connector.openConnections()).hasSize(4);
        assertThat(activeGauge()).isEqualTo(4);
    }

    @Test
    void flappingWhileAttemptsAreUnderWayLeavesNoConnectionBehind() {
        connector.hold(true);
        expect(A, B);
        expect(A);
        expect(A, B);
        expect(A);
        connector.held.forEach(FakeConnector.Pending::succeed);
        scheduler.runPending();

        assertThat(connector.openConnections()).extracting(FakeConnection::endpoint).containsOnly(A).hasSize(2);
        assertThat(set.connections()).hasSize(2);
        assertThat(listener.events).noneMatch(s -> s.startsWith("+conn(2/"));
    }

    @Test
    void outOfOrderAndDuplicateVersionsAreIgnored() {
        reconciliator.expect(1, List.of(A));
        reconciliator.expect(3, List.of(B));
        reconciliator.expect(2, List.of(A, C));
        reconciliator.expect(3, List.of(A, B, C));
        scheduler.runPending();

        assertThat(reconciliator.expected()).containsExactly(B);
        assertThat(set.endpoints()).containsExactly(B);
        assertThat(connector.dialsTo(C)).isZero();
        assertThat(connector.dials).allMatch(FakeConnector.Dial::allowed);
    }

    @Test
    void lostConnectionIsRedialledWithinFiftyMillis() {
        expect(A);
        connector.opened.get(0).lose(new IOException("reset"));
        scheduler.runPending();
        assertThat(connector.dials).hasSize(2);

        scheduler.advance(49);

        assertThat(connector.dials).hasSize(3);
        assertThat(set.connections(A)).hasSize(2);
        assertThat(registry.get("weir.stage.reconnects").tag("name", "stage-2").counter().count()).isEqualTo(1);
    }

    @Test
    void failedAttemptsBackOffExponentiallyWithJitterUpToTheCap() {
        set = new DynamicConnectionSet<>("one", connector, 1, scheduler, registry);
        reconciliator = new Reconciliator<>(set, ReconcileSettings.defaults().withRetry(10, 320),
                scheduler, new SplittableRandom(7));
        connector.unreachable(A);
        reconciliator.expect(List.of(A));
        List<Long> dialTimes = new ArrayList<>();
        long start = scheduler.nowMillis();
        for (int ms = 0; ms <= 3_000; ms++) {
            int before = connector.dials.size();
            scheduler.advance(ms == 0 ? 0 : 1);
            if (connector.dials.size() > before) {
                dialTimes.add(scheduler.nowMillis() - start);
            }
        }
        List<Long> gaps = IntStream.range(1, dialTimes.size()).mapToObj(i -> dialTimes.get(i) - dialTimes.get(i - 1)).toList();

        assertThat(gaps.get(0)).isBetween(5L, 10L);
        for (int k = 1; k <= 6; k++) {
            long raw = Math.min(320, 10L << k);
            assertThat(gaps.get(k)).as("gap %d", k).isBetween(raw / 2, raw);
        }
        assertThat(gaps).allMatch(g -> g <= 320);
        assertThat(registry.get("weir.stage.connection.failures").tag("name", "one").counter().count())
                .isEqualTo(dialTimes.size());
    }

    @Test
    void discoveryEventsDoNotCutABackoffShort() {
        connector.unreachable(A);
        expect(A);
        scheduler.advance(4);
        expect(A, B);
        expect(A);
        reconciliator.reconcile();
        assertThat(connector.dialsTo(A)).isEqualTo(2);

        scheduler.advance(6);

        assertThat(connector.dialsTo(A)).isEqualTo(4);
    }

    @Test
    void connectionThatStayedUpResetsTheBackoff() {
        set = new DynamicConnectionSet<>("one", connector, 1, scheduler, registry);
        reconciliator = new Reconciliator<>(set, ReconcileSettings.defaults(), scheduler, new SplittableRandom(3));
        connector.unreachable(A);
        reconciliator.expect(List.of(A));
        scheduler.advance(500); // several failures: the next delay is long
        connector.reachable(A);
        scheduler.advance(2_000);
        assertThat(set.connections(A)).hasSize(1);

        scheduler.advance(1_000); // stable
        int dials = connector.dials.size();
        set.connections(A).get(0).lose(new IOException("reset"));
        scheduler.advance(10);

        assertThat(connector.dials).hasSize(dials + 1);
    }

    @Test
    void connectionLostSoonAfterOpeningKeepsBackingOff() {
        set = new DynamicConnectionSet<>("one", connector, 1, scheduler, registry);
        reconciliator = new Reconciliator<>(set, ReconcileSettings.defaults().withJitter(0), scheduler,
                new SplittableRandom(3));
        reconciliator.expect(List.of(A));
        scheduler.runPending();
        List<Long> dialTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            set.connections(A).get(0).lose(new IOException("reset"));
            scheduler.runPending();
            long lostAt = scheduler.nowMillis();
            while (set.connections(A).isEmpty()) {
                scheduler.advance(1);
            }
            dialTimes.add(scheduler.nowMillis() - lostAt);
        }
        assertThat(dialTimes).containsExactly(10L, 20L, 40L, 80L, 160L);
    }

    @Test
    void retryIsAbandonedWhenTheEndpointLeaves() {
        connector.unreachable(A);
        expect(A);
        expect(B);
        scheduler.advance(10_000);

        assertThat(connector.dialsTo(A)).isEqualTo(2);
        assertThat(scheduler.scheduledCount()).isZero();
    }

    @Test
    void scaleUpOfFiftyReachableEndpointsHasZeroFailedAttempts() {
        List<Endpoint> endpoints = IntStream.range(0, 50).mapToObj(i -> endpoint(100 + i, i)).toList();
        for (int n = 1; n <= 50; n += 7) {
            expect(endpoints.subList(0, n).toArray(Endpoint[]::new));
        }
        expect(endpoints.toArray(Endpoint[]::new));

        assertThat(registry.get("weir.stage.connection.failures").tag("name", "stage-2").counter().count()).isZero();
        assertThat(registry.get("weir.stage.connection.attempts").tag("name", "stage-2").counter().count())
                .isEqualTo(100);
        assertThat(activeGauge()).isEqualTo(100);
        assertThat(connector.dials).allMatch(FakeConnector.Dial::allowed);
    }

    @Test
    void scriptedChaosNeverDialsAnUnexpectedEndpointAndConverges() {
        List<Endpoint> pool = IntStream.range(0, 12).mapToObj(i -> endpoint(200 + i, i % 6)).toList();
        SplittableRandom random = new SplittableRandom(2026);
        connector.hold(false);
        long version = 0;
        for (int step = 0; step < 400; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    Set<Endpoint> next = new HashSet<>();
                    pool.forEach(e -> {
                        if (random.nextInt(3) == 0) {
                            next.add(e);
                        }
                    });
                    long v = random.nextInt(4) == 0 ? version - random.nextInt(3) : ++version;
                    reconciliator.expect(v, next);
                }
                case 2 -> {
                    List<FakeConnection> open = connector.openConnections();
                    if (!open.isEmpty()) {
                        open.get(random.nextInt(open.size())).lose(new IOException("reset"));
                    }
                }
                case 3 -> {
                    Endpoint e = pool.get(random.nextInt(pool.size()));
                    if (random.nextBoolean()) {
                        connector.unreachable(e);
                    } else {
                        connector.reachable(e);
                    }
                }
                default -> scheduler.advance(random.nextInt(30));
            }
            scheduler.runPending();
        }
        pool.forEach(connector::reachable);
        Set<Endpoint> last = Set.of(pool.get(0), pool.get(5), pool.get(11));
        reconciliator.expect(++version, last);
        scheduler.advance(5_000);

        assertThat(connector.dials).allMatch(FakeConnector.Dial::allowed);
        assertThat(set.endpoints()).containsExactlyInAnyOrderElementsOf(last);
        assertThat(connector.openConnections()).hasSize(6).allMatch(c -> last.contains(c.endpoint()));
        assertThat(activeGauge()).isEqualTo(6);
        long connected = listener.events.stream().filter(s -> s.startsWith("+")).count();
        long disconnected = listener.events.stream().filter(s -> s.startsWith("-")).count();
        assertThat(connected - disconnected).isEqualTo(6);
    }

    @Test
    void periodicCheckKeepsRunningUntilClosed() {
        reconciliator.start();
        expect(A);
        scheduler.advance(5_000);
        assertThat(scheduler.scheduledCount()).isEqualTo(1);
        assertThat(connector.dials).hasSize(2);

        reconciliator.close();
        scheduler.advance(5_000);

        assertThat(scheduler.scheduledCount()).isZero();
        assertThat(connector.opened).allMatch(c -> c.closedByOwner);
        reconciliator.expect(List.of(A, B));
        scheduler.runPending();
        assertThat(connector.dials).hasSize(2);
    }

    private void expect(Endpoint... endpoints) {
        reconciliator.expect(List.of(endpoints));
        scheduler.runPending();
    }

    private double activeGauge() {
        return registry.get("weir.stage.connections.active").tag("name", "stage-2").gauge().value();
    }

    private static Endpoint endpoint(int workerNumber, int workerIndex) {
        return new Endpoint(workerNumber, workerIndex, "10.0.0." + workerNumber, 7000 + workerIndex);
    }
}
