package io.weir.runtime.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsistentHashRingTest {

    private static final int KEYS = 10_000;

    @Test
    void sameIndexesGiveTheSameOwnersEverywhere() {
        ConsistentHashRing a = ConsistentHashRing.ofSize(5);
        ConsistentHashRing b = new ConsistentHashRing(List.of(4, 3, 2, 1, 0), ConsistentHashRing.DEFAULT_VIRTUAL_NODES);
        for (int k = 0; k < KEYS; k++) {
            long h = KeyHashes.ofString("key-" + k);
            assertThat(b.indexFor(h)).isEqualTo(a.indexFor(h));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 9, 19})
    void scalingUpByOneMovesAboutOneInNPlusOneKeysAllToTheNewIndex(int n) {
        ConsistentHashRing before = ConsistentHashRing.ofSize(n);
        ConsistentHashRing after = ConsistentHashRing.ofSize(n + 1);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            long h = KeyHashes.ofString("user-" + k);
            int from = before.indexFor(h);
            int to = after.indexFor(h);
            if (from != to) {
                moved++;
                assertThat(to).as("a moved key goes to the new index").isEqualTo(n);
            }
        }
        double expected = 1.0 / (n + 1);
        assertThat(moved / (double) KEYS).isCloseTo(expected, offset(expected * 0.3));
    }

    @Test
    void scalingDownMovesOnlyTheRemovedIndexKeys() {
        ConsistentHashRing before = ConsistentHashRing.ofSize(8);
        ConsistentHashRing after = ConsistentHashRing.ofSize(7);
        for (int k = 0; k < KEYS; k++) {
            long h = KeyHashes.ofString("user-" + k);
            if (before.indexFor(h) != 7) {
                assertThat(after.indexFor(h)).isEqualTo(before.indexFor(h));
            }
        }
    }

    @Test
    void keysSpreadEvenlyAcrossIndexes() {
        int n = 10;
        ConsistentHashRing ring = ConsistentHashRing.ofSize(n);
        int[] counts = new int[n];
        IntStream.range(0, 100_000).forEach(k -> counts[ring.indexFor(KeyHashes.ofString("k" + k))]++);
        for (int c : counts) {
            assertThat(c).isBetween(7_500, 12_500);
        }
    }

    @Test
    void sequentialLongKeysAreMixed() {
        ConsistentHashRing ring = ConsistentHashRing.ofSize(4);
        int[] counts = new int[4];
        IntStream.range(0, 40_000).forEach(k -> counts[ring.indexFor(k)]++);
        for (int c : counts) {
            assertThat(c).isBetween(7_000, 13_000);
        }
    }

    @Test
    void emptyRingAndBadArgumentsAreRefused() {
        ConsistentHashRing empty = ConsistentHashRing.ofSize(0);
        assertThat(empty.isEmpty()).isTrue();
        assertThatThrownBy(() -> empty.indexFor(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConsistentHashRing(List.of(0), 0)).hasMessage("virtualNodes: 0 (expected: > 0)");
        assertThatThrownBy(() -> new ConsistentHashRing(List.of(-1), 10)).hasMessage("index: -1 (expected: >= 0)");
    }

    @Test
    void keyHashesAreStableAcrossRuns() {
        assertThat(KeyHashes.ofString("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(KeyHashes.ofBytes(new byte[] {'a'})).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(KeyHashes.ofString("word")).isEqualTo(KeyHashes.ofString(new StringBuilder("word")));
    }
}
