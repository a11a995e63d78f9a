package io.weir.runtime.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedRouterTest {

    @Test
    void keyGoesToItsIndexAndStaysOnOneOutlet() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(3);
        for (int i = 0; i < 3; i++) {
            router.add(new TestOutlet("w" + i + "a", i, 100, 0));
            router.add(new TestOutlet("w" + i + "b", i, 100, 0));
        }
        for (int k = 0; k < 1_000; k++) {
            long h = KeyHashes.ofString("key-" + k);
            Route<TestOutlet> first = router.route(h);
            assertThat(first.isRouted()).isTrue();
            assertThat(first.outlet().workerIndex()).isEqualTo(router.indexFor(h)).isEqualTo(first.workerIndex());
            assertThat(router.route(h).outlet()).isSameAs(first.outlet());
        }
    }

    @Test
    void recordWaitsWhenItsIndexHasNoOutletEvenIfOthersDo() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(2);
        router.add(new TestOutlet("w0", 0, 100, 0));
        long keyOfIndex1 = keyFor(router, 1);

        Route<TestOutlet> route = router.route(keyOfIndex1);

        assertThat(route.status()).isEqualTo(Route.Status.NO_OUTLET);
        assertThat(route.workerIndex()).isEqualTo(1);
    }

    @Test
    void recordWaitsWhenItsOutletHasNoCredit() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(1);
        TestOutlet outlet = new TestOutlet("w0", 0, 0, 0);
        router.add(outlet);

        assertThat(router.route(42).status()).isEqualTo(Route.Status.NO_CREDIT);
        outlet.credit = 1;
        assertThat(router.route(42).outlet()).isSameAs(outlet);
    }

    @Test
    void replacementWorkerTakesBackExactlyTheSameKeys() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(4);
        TestOutlet[] outlets = new TestOutlet[4];
        for (int i = 0; i < 4; i++) {
            outlets[i] = new TestOutlet("worker-" + (10 + i), i, 100, 0);
            router.add(outlets[i]);
        }
        Map<Integer, Integer> before = owners(router);

        router.remove(outlets[2]);
        assertThat(router.route(keyFor(router, 2)).status()).isEqualTo(Route.Status.NO_OUTLET);
        router.add(new TestOutlet("worker-17", 2, 100, 0));

        assertThat(owners(router)).isEqualTo(before);
    }

    @Test
    void resizeMovesOnlyKeysOfTheNewIndex() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(3);
        for (int i = 0; i < 4; i++) {
            router.add(new TestOutlet("w" + i, i, 100, 0));
        }
        Map<Integer, Integer> before = owners(router);
        router.resize(4);
        Map<Integer, Integer> after = owners(router);

        assertThat(router.numWorkers()).isEqualTo(4);
        before.forEach((k, index) -> assertThat(after.get(k)).isIn(index, 3));
        assertThat(after.values()).contains(3);
    }

    @Test
    void stageWithoutWorkersRoutesNothing() {
        KeyedRouter<TestOutlet> router = new KeyedRouter<>(0);
        router.add(new TestOutlet("w0", 0, 100, 0));
        assertThat(router.route(1).status()).isEqualTo(Route.Status.NO_OUTLET);
        assertThat(router.indexFor(1)).isEqualTo(-1);
    }

    private static Map<Integer, Integer> owners(KeyedRouter<TestOutlet> router) {
        Map<Integer, Integer> owners = new HashMap<>();
        for (int k = 0; k < 5_000; k++) {
            Route<TestOutlet> r = router.route(KeyHashes.ofString("key-" + k));
            owners.put(k, r.workerIndex());
        }
        return owners;
    }

    private static long keyFor(KeyedRouter<TestOutlet> router, int index) {
        for (long k = 0; ; k++) {
            if (router.indexFor(k) == index) {
                return k;
            }
        }
    }
}
