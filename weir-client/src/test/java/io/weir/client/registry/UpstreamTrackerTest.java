package io.weir.client.registry;

import static io.weir.client.registry.Instances.producer;
import static io.weir.client.registry.Instances.set;
import static io.weir.client.registry.Instances.tcp;
import static io.weir.core.registry.HealthStatus.DEGRADED;
import static io.weir.core.registry.HealthStatus.HEALTHY;
import static io.weir.core.registry.HealthStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.client.registry.UpstreamSet.Source;
import io.weir.core.registry.ServiceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watcher's decisions, fed frames and losses of the master directly. */
class UpstreamTrackerTest {

    final UpstreamTracker tracker = new UpstreamTracker("click.v1", List.of(Upstream.fallback(tcp("backup:7300"))));

    static List<String> ids(UpstreamSet set) {
        return set.upstreams().stream().map(Upstream::label).toList();
    }

    @Test
    void healthyFirstAndUnhealthyLeftOutWhileAHealthyOneExists() {
        var set = tracker.onFrame(set(1, false, producer("c", UNHEALTHY), producer("b", DEGRADED), producer("a", HEALTHY))).orElseThrow();
        assertThat(set.source()).isEqualTo(Source.MASTER);
        assertThat(ids(set)).containsExactly("a", "b");

        var onlyBad = tracker.onFrame(set(2, false, producer("c", UNHEALTHY), producer("b", UNHEALTHY))).orElseThrow();
        assertThat(ids(onlyBad)).containsExactly("b", "c");
    }

    @Test
    void aChoiceKeepsItsPlaceUntilItGoesOrGetsWorse() {
        tracker.onFrame(set(1, false, producer("m", HEALTHY)));
        var more = tracker.onFrame(set(2, false, producer("a", HEALTHY), producer("m", HEALTHY))).orElseThrow();
        assertThat(ids(more)).containsExactly("m", "a");
        var worse = tracker.onFrame(set(3, false, producer("a", HEALTHY), producer("m", DEGRADED))).orElseThrow();
        assertThat(ids(worse)).containsExactly("a", "m");
        var replaced = tracker.onFrame(set(4, false, producer("z", HEALTHY))).orElseThrow();
        assertThat(ids(replaced)).containsExactly("z");
    }

    @Test
    void anUnchangedSetOrAHeartbeatIsNoChange() {
        assertThat(tracker.onFrame(ServiceSet.heartbeat(0, false))).isEmpty();
        assertThat(tracker.current().source()).isEqualTo(Source.NONE);
        tracker.onFrame(set(1, false, producer("a", HEALTHY)));
        assertThat(tracker.onFrame(set(2, false, producer("a", HEALTHY)))).isEmpty();
        assertThat(tracker.onFrame(ServiceSet.heartbeat(2, false))).isEmpty();
    }

    @Test
    void whileRebuildingKnownInstancesStayUntilRebuildingEnds() {
        tracker.onFrame(set(1, false, producer("a", HEALTHY), producer("b", HEALTHY)));
        var merged = tracker.onFrame(set(1, true, producer("b", HEALTHY))).orElse(tracker.current());
        assertThat(ids(merged)).containsExactlyInAnyOrder("a", "b");
        var more = tracker.onFrame(set(2, true, producer("b", HEALTHY), producer("c", HEALTHY))).orElseThrow();
        assertThat(ids(more)).containsExactlyInAnyOrder("a", "b", "c");

        var rebuilt = tracker.onFrame(ServiceSet.heartbeat(2, false)).orElseThrow();
        assertThat(ids(rebuilt)).containsExactlyInAnyOrder("b", "c");
        assertThat(tracker.onFrame(set(3, false, producer("c", HEALTHY))).orElseThrow().upstreams()).extracting(Upstream::label).containsExactly("c");
    }

    @Test
    void withoutTheMasterTheLastKnownSetThenTheMastersViewAgain() {
        tracker.onFrame(set(1, false, producer("a", HEALTHY), producer("b", HEALTHY)));
        var lost = tracker.onMasterLost("connection refused").orElseThrow();
        assertThat(lost.source()).isEqualTo(Source.LAST_KNOWN);
        assertThat(ids(lost)).containsExactly("a", "b");
        assertThat(tracker.onMasterLost("connection refused")).isEmpty();

        var back = tracker.onFrame(set(5, false, producer("b", HEALTHY))).orElseThrow();
        assertThat(back.source()).isEqualTo(Source.MASTER);
        assertThat(ids(back)).containsExactly("b");
    }

    @Test
    void withoutTheMasterFromTheStartTheFallbackUntilTheMasterAnswers() {
        var fallback = tracker.onMasterLost("connection refused").orElseThrow();
        assertThat(fallback.source()).isEqualTo(Source.FALLBACK);
        assertThat(fallback.upstreams()).extracting(Upstream::address).containsExactly("backup:7300");

        var master = tracker.onFrame(set(1, false, producer("a", HEALTHY))).orElseThrow();
        assertThat(master.source()).isEqualTo(Source.MASTER);
        assertThat(ids(master)).containsExactly("a");
    }

    @Test
    void anEmptyLastKnownSetFallsBackToo() {
        tracker.onFrame(set(1, false));
        assertThat(tracker.onMasterLost("timeout").orElseThrow().source()).isEqualTo(Source.FALLBACK);

        var none = new UpstreamTracker("click.v1", List.of());
        assertThat(none.onMasterLost("timeout")).isEmpty();
        assertThat(none.current().source()).isEqualTo(Source.NONE);
    }

    @Test
    void policiesPickFromTheBest() {
        var set = tracker.onFrame(set(1, false, producer("a", HEALTHY), producer("b", HEALTHY), producer("c", DEGRADED))).orElseThrow();
        assertThat(SelectionPolicy.FIRST_HEALTHY.pick(set)).map(Upstream::label).contains("a");
        var rr = SelectionPolicy.roundRobin();
        assertThat(List.of(rr.pick(set), rr.pick(set), rr.pick(set))).extracting(o -> o.orElseThrow().label()).containsExactly("a", "b", "a");
        assertThat(rr.pick(UpstreamSet.none("x"))).isEmpty();
    }
}
