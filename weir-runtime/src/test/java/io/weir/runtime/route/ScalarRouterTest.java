package io.weir.runtime.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalarRouterTest {

    private final ScalarRouter<TestOutlet> router = new ScalarRouter<>();

    @Test
    void picksTheLeastQueuedOutletThatHasCredit() {
        TestOutlet busy = new TestOutlet("busy", 0, 100, 50);
        TestOutlet idleNoCredit = new TestOutlet("idle-no-credit", 1, 0, 0);
        TestOutlet light = new TestOutlet("light", 2, 5, 3);
        router.add(busy);
        router.add(idleNoCredit);
        router.add(light);

        assertThat(router.route().outlet()).isSameAs(light);
    }

    @Test
    void tiesAreBrokenRoundRobin() {
        List<TestOutlet> outlets = List.of(new TestOutlet("a", 0, 9, 1), new TestOutlet("b", 1, 9, 1),
                new TestOutlet("c", 2, 9, 1));
        outlets.forEach(router::add);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(router.route().outlet().name);
        }
        assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void slowConsumerGetsLessThanFastOnes() {
        TestOutlet slow = new TestOutlet("slow", 0, 1_000, 0);
        TestOutlet fast = new TestOutlet("fast", 1, 1_000, 0);
        router.add(slow);
        router.add(fast);
        Map<String, Integer> sent = new HashMap<>();
        for (int tick = 0; tick < 1_000; tick++) {
            for (int i = 0; i < 4; i++) { // four records a tick: more than both can drain
                Route<TestOutlet> r = router.route();
                r.outlet().queued++;
                sent.merge(r.outlet().name, 1, Integer::sum);
            }
            fast.queued = Math.max(0, fast.queued - 3); // drains three records a tick
            if (tick % 4 == 0) {
                slow.queued = Math.max(0, slow.queued - 1); // one every fourth tick
            }
        }
        // Round-robin would send each half; least-loaded keeps both queues alike (~3375 to ~625).
        assertThat(sent.get("fast")).isGreaterThan(4 * sent.getOrDefault("slow", 0));
    }

    @Test
    void withoutCreditOrOutletsTheRecordWaits() {
        assertThat(router.route().status()).isEqualTo(Route.Status.NO_OUTLET);
        TestOutlet o = new TestOutlet("a", 0, 0, 0);
        router.add(o);
        assertThat(router.route().status()).isEqualTo(Route.Status.NO_CREDIT);
        router.remove(o);
        assertThat(router.size()).isZero();
        assertThat(router.route().status()).isEqualTo(Route.Status.NO_OUTLET);
    }

    @Test
    void addingTheSameOutletTwiceKeepsOne() {
        TestOutlet o = new TestOutlet("a", 0, 1, 0);
        router.add(o);
        router.add(o);
        assertThat(router.size()).isEqualTo(1);
    }
}
