package io.weir.client.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.backoff.ExponentialBackoff;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {

    private static final long MS = 1_000_000L;
    private final WorkerHealth health = new WorkerHealth(new ExponentialBackoff(10, 5_000, 0), new SplittableRandom(1));
    private final SinkWorker a = new SinkWorker("j-1", 2, 0, 5, "h", 7001);
    private final SinkWorker b = new SinkWorker("j-1", 2, 1, 6, "h", 7002);

    @Test
    void aWorkerNotKnownDeadIsPreferred() {
        health.failed(a, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(health.choose(List.of(a, b))).isEqualTo(b);
        }
    }

    @Test
    void whenAllAreDeadTheOneRetriedSoonestIsChosenAndDelaysGrowWithFailures() {
        health.failed(a, 0);
        health.failed(a, 0);
        health.failed(b, 0);
        assertThat(health.retryAtNanos(a)).isEqualTo(20 * MS);
        assertThat(health.retryAtNanos(b)).isEqualTo(10 * MS);
        assertThat(health.choose(List.of(a, b))).isEqualTo(b);
        assertThat(health.choose(List.of())).isNull();
    }

    @Test
    void aReplacementOrAMovedWorkerStartsCleanAndRecoveryForgetsFailures() {
        health.failed(a, 0);
        var replacement = new SinkWorker("j-1", 2, 0, 7, "h", 7001);
        var moved = new SinkWorker("j-1", 2, 0, 5, "h", 7003);
        assertThat(health.isDead(replacement)).isFalse();
        assertThat(health.isDead(moved)).isFalse();
        assertThat(health.retryAtNanos(replacement)).isEqualTo(Long.MIN_VALUE);
        health.recovered(a);
        assertThat(health.isDead(a)).isFalse();
    }

    @Test
    void workersDiscoveryDropsAreForgotten() {
        health.failed(a, 0);
        health.failed(b, 0);
        health.retainOnly(List.of(b));
        assertThat(health.isDead(a)).isFalse();
        assertThat(health.failures(b)).isEqualTo(1);
    }
}
