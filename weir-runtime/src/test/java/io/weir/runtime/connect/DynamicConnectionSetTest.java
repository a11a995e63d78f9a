package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamicConnectionSetTest {

    private static final Endpoint A = new Endpoint(7, 0, "10.0.0.5", 7159);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeConnector connector = new FakeConnector();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingListener listener = new RecordingListener();
    private DynamicConnectionSet<FakeConnection> set;

    @BeforeEach
    void setUp() {
        set = new DynamicConnectionSet<>("stage-2", connector, 2, scheduler, registry);
        set.addListener(listener);
    }

    @Test
    void openedConnectionReachesListenersAndMeters() {
        assertThat(set.dial(A, 0)).isTrue();
        scheduler.runPending();

        assertThat(listener.events).containsExactly("+conn(7/0)");
        assertThat(set.connections(A)).hasSize(1);
        assertThat(gauge("weir.stage.connections.active")).isEqualTo(1);
        assertThat(counter("weir.stage.connection.attempts")).isEqualTo(1);
        assertThat(counter("weir.stage.connection.failures")).isZero();
    }

    @Test
    void busySlotIsNotDialledTwice() {
        connector.hold(true);
        assertThat(set.dial(A, 0)).isTrue();
        assertThat(set.dial(A, 0)).isFalse();
        assertThat(set.pendingCount()).isEqualTo(1);
        assertThat(connector.dials).hasSize(1);
    }

    @Test
    void failedAttemptCountsAFailureAndFreesTheSlot() {
        connector.unreachable(A);
        set.dial(A, 1);
        scheduler.runPending();

        assertThat(counter("weir.stage.connection.failures")).isEqualTo(1);
        assertThat(set.isIdle(A, 1)).isTrue();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void secondAttemptOnASlotCountsAsReconnect() {
        connector.unreachable(A);
        set.dial(A, 0);
        scheduler.runPending();
        connector.reachable(A);
        set.dial(A, 0);
        set.dial(A, 1);
        scheduler.runPending();

        assertThat(counter("weir.stage.connection.attempts")).isEqualTo(3);
        assertThat(counter("weir.stage.reconnects")).isEqualTo(1);
    }

    @Test
    void connectorThatThrowsCountsAFailedAttempt() {
        set = new DynamicConnectionSet<>("throws", (e, slot) -> {
            throw new IllegalStateException("no route");
        }, 2, scheduler, registry);
        assertThat(set.dial(A, 0)).isTrue();
        scheduler.runPending();

        assertThat(registry.get("weir.stage.connection.failures").tag("name", "throws").counter().count()).isEqualTo(1);
        assertThat(set.isIdle(A, 0)).isTrue();
    }

    @Test
    void lostConnectionIsReportedOnceWithItsCause() {
        set.dial(A, 0);
        scheduler.runPending();
        FakeConnection c = connector.opened.get(0);
        IOException cause = new IOException("reset by peer");
        c.lose(cause);
        scheduler.runPending();

        assertThat(listener.events).containsExactly("+conn(7/0)", "-conn(7/0)");
        assertThat(listener.causes).containsExactly(cause);
        assertThat(gauge("weir.stage.connections.active")).isZero();
        assertThat(set.isIdle(A, 0)).isTrue();
    }

    @Test
    void connectionEndedByThePeerIsALossWithAnEndedCause() {
        set.dial(A, 0);
        scheduler.runPending();
        connector.opened.get(0).terminated().toCompletableFuture().complete(null);
        scheduler.runPending();

        assertThat(listener.causes).singleElement().isInstanceOf(ConnectionEndedException.class);
    }

    @Test
    void removeReportsConnectionsGoneWithoutCauseAndClosesThemAfterTheRetireTime() {
        set.dial(A, 0);
        set.dial(A, 1);
        scheduler.runPending();
        set.remove(A);
        scheduler.runPending();

        assertThat(listener.events).containsExactly("+conn(7/0)", "+conn(7/1)", "-conn(7/0)", "-conn(7/1)");
        assertThat(listener.causes).containsOnlyNulls();
        assertThat(set.endpoints()).isEmpty();
        assertThat(gauge("weir.stage.connections.active")).isZero();
        assertThat(connector.opened).noneMatch(c -> c.closedByOwner);
        assertThat(set.retiringCount()).isEqualTo(2);

        scheduler.advance(DynamicConnectionSet.DEFAULT_RETIRE_MILLIS);
        assertThat(connector.opened).allMatch(c -> c.closedByOwner);
        assertThat(set.retiringCount()).isZero();
    }

    @Test
    void aRetiredConnectionIsReleasedAsSoonAsItsUpstreamEndsIt() {
        set.dial(A, 0);
        scheduler.runPending();
        set.remove(A);
        scheduler.runPending();
        connector.opened.get(0).terminated().toCompletableFuture().complete(null);
        scheduler.runPending();

        assertThat(set.retiringCount()).isZero();
        assertThat(listener.events).containsExactly("+conn(7/0)", "-conn(7/0)");
    }

    @Test
    void closeClosesRetiringConnectionsAtOnce() {
        set.dial(A, 0);
        scheduler.runPending();
        set.remove(A);
        scheduler.runPending();
        set.close();
        scheduler.runPending();

        assertThat(connector.opened).allMatch(c -> c.closedByOwner);
        assertThat(set.retiringCount()).isZero();
    }

    @Test
    void attemptThatCompletesAfterItsEndpointLeftIsClosedAndNeverReported() {
        connector.hold(true);
        set.dial(A, 0);
        set.remove(A);
        connector.held.get(0).succeed();
        scheduler.runPending();

        assertThat(connector.held.get(0).connection().closedByOwner).isTrue();
        assertThat(listener.events).isEmpty();
        assertThat(gauge("weir.stage.connections.active")).isZero();
    }

    @Test
    void staleAttemptDoesNotFillTheSlotOfAReAddedEndpoint() {
        connector.hold(true);
        set.dial(A, 0);
        set.remove(A);
        set.dial(A, 0);
        connector.held.get(0).succeed();
        scheduler.runPending();

        assertThat(set.connections(A)).isEmpty();
        assertThat(set.pendingCount()).isEqualTo(1);
        connector.held.get(1).succeed();
        scheduler.runPending();
        assertThat(set.connections(A)).containsExactly(connector.held.get(1).connection());
    }

    @Test
    void closeClosesEverythingAndRefusesDials() {
        set.dial(A, 0);
        scheduler.runPending();
        set.close();
        scheduler.runPending();

        assertThat(connector.opened).allMatch(c -> c.closedByOwner);
        assertThat(set.dial(A, 1)).isFalse();
    }

    @Test
    void failingListenerDoesNotStopOthers() {
        DynamicConnectionSet<FakeConnection> s = new DynamicConnectionSet<>("l", connector, 1, scheduler, registry);
        s.addListener(new ConnectionListener<>() {
            @Override
            public void onConnected(FakeConnection connection) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onDisconnected(FakeConnection connection, Throwable cause) {
                throw new IllegalStateException("boom");
            }
        });
        s.addListener(listener);
        s.dial(A, 0);
        scheduler.runPending();
        connector.opened.get(0).lose(new ConnectException("gone"));
        scheduler.runPending();

        assertThat(listener.events).containsExactly("+conn(7/0)", "-conn(7/0)");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new DynamicConnectionSet<>("x", connector, 0, scheduler, registry))
                .hasMessage("connectionsPerEndpoint: 0 (expected: > 0)");
        assertThatThrownBy(() -> set.dial(A, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Arrays.asList(set.name(), set.connectionsPerEndpoint())).containsExactly("stage-2", 2);
    }

    private double counter(String name) {
        return registry.get(name).tag("name", "stage-2").counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).tag("name", "stage-2").gauge().value();
    }
}
