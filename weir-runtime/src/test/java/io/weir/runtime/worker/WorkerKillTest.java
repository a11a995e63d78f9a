package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A middle-stage worker that dies abruptly costs only what was in flight at it, and the flow goes on at once. */
class WorkerKillTest {

    private final List<RunningWorker> workers = new ArrayList<>();
    private FakeDiscovery discovery;

    @AfterEach
    void stop() {
        workers.forEach(RunningWorker::close);
        if (discovery != null) {
            discovery.close();
        }
    }

    private RunningWorker start(ScaleWhileFlowingTest.Numbered job, int stage, int number, int index) throws Exception {
        var w = job.start(new WorkerContext("kill-1", number, stage, index, 3, Map.of(), List.of(), "127.0.0.1", discovery.url()));
        workers.add(w);
        discovery.started(stage, number, index, w.ports().data().get(0));
        return w;
    }

    @Test
    void killingAMiddleWorkerLosesAtMostItsInFlightRecordsAndTheRestKeepsFlowing() throws Exception {
        var job = new ScaleWhileFlowingTest.Numbered();
        discovery = new FakeDiscovery("kill-1");
        discovery.stage(1, 1);
        discovery.stage(2, 2);
        discovery.stage(3, 1);
        start(job, 3, 100, 0);
        var victim = start(job, 2, 2, 0);
        start(job, 2, 3, 1);
        start(job, 1, 1, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> job.count.get() > 20_000);

        long killedAt = System.nanoTime();
        int before = job.count.get();
        ((JobWorker) victim).abort();
        await().atMost(Duration.ofSeconds(2)).until(() -> job.count.get() > before + 10_000);
        long resumedMillis = (System.nanoTime() - killedAt) / 1_000_000;
        discovery.stopped(2, 2);

        int[] last = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            int n = job.count.get();
            boolean settled = n == last[0] && n + lostBound() >= ScaleWhileFlowingTest.RECORDS;
            last[0] = n;
            return settled;
        });
        int lost = ScaleWhileFlowingTest.RECORDS - job.seen.cardinality();
        System.out.printf("abort of a middle worker: %d of %d records lost, 10,000 more records arrived %d ms after it%n",
                lost, ScaleWhileFlowingTest.RECORDS, resumedMillis);
        assertThat(job.duplicates.get()).isZero();
        assertThat(lost).isBetween(0, lostBound());
    }

    /** Two links of 512 records into the victim, plus a batch it had taken from its input. */
    private static int lostBound() {
        return 2 * 512 + 256;
    }
}
