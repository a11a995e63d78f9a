package io.weir.master.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.json.Json;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.master.loop.ControlLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingInfoPublisherTest {

    private final ControlLoop loop = new ControlLoop("test-loop");
    private final AtomicInteger started = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
    private final DiscoveryHub hub = new DiscoveryHub(loop, 50, 60_000, new SseFrames(Json.lenient()),
            new DiscoveryMetrics(new SimpleMeterRegistry()), nanos::get);

    private JobSchedulingInfo snapshot() {
        return new JobSchedulingInfo("j-1", Map.of(1, new WorkerAssignments(1, 200, Map.of()), 2,
                new WorkerAssignments(2, started.get(), Map.of())));
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    private List<String> subscribe() {
        var seen = new CopyOnWriteArrayList<String>();
        hub.schedulingInfo("j-1", false).orElseThrow().subscribe(b -> seen.add(new String(b, StandardCharsets.UTF_8)));
        return seen;
    }

    @Test
    void anIsolatedChangeIsPublishedAtOnceAndABurstBecomesAtMostTwoEvents() throws Exception {
        var publisher = loop.call(() -> hub.openJob("j-1", this::snapshot)).get();
        var seen = subscribe();
        await().until(() -> seen.size() == 1);
        nanos.addAndGet(60_000_000L);
        loop.call(() -> {
            started.incrementAndGet();
            publisher.changed();
            return null;
        }).get();
        assertThat(seen).hasSize(2);
        long start = System.nanoTime();
        loop.call(() -> {
            for (int i = 1; i < 200; i++) {
                started.incrementAndGet();
                publisher.changed();
            }
            return null;
        }).get();
        await().atMost(java.time.Duration.ofMillis(500)).until(() -> seen.get(seen.size() - 1).contains("\"numWorkers\":200"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(seen).hasSize(3);
        assertThat(seen.get(2)).startsWith("data: ").endsWith("\n\n");
        assertThat(tookMillis).isGreaterThanOrEqualTo(30).isLessThan(400);
        await().during(java.time.Duration.ofMillis(150)).until(() -> seen.size() == 3);
    }

    @Test
    void lateSubscribersGetTheCurrentValueAndUnchangedValuesAreNotRepeated() throws Exception {
        var publisher = loop.call(() -> hub.openJob("j-1", this::snapshot)).get();
        loop.call(() -> {
            started.set(3);
            publisher.changed();
            return null;
        }).get();
        var probe = subscribe();
        await().until(() -> probe.stream().anyMatch(e -> e.contains("\"numWorkers\":3")));
        var seen = subscribe();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).contains("\"numWorkers\":3");
        loop.call(() -> {
            publisher.changed();
            return null;
        }).get();
        await().during(java.time.Duration.ofMillis(150)).until(() -> seen.size() == 1);
    }

    @Test
    void endingSendsEmptyAssignmentsAndCompletes() throws Exception {
        loop.call(() -> hub.openJob("j-1", this::snapshot)).get();
        var seen = new CopyOnWriteArrayList<String>();
        var done = new java.util.concurrent.CountDownLatch(1);
        hub.schedulingInfo("j-1", true).orElseThrow().doOnComplete(done::countDown)
                .subscribe(b -> seen.add(new String(b, StandardCharsets.UTF_8)));
        loop.call(() -> {
            hub.endJob("j-1");
            return null;
        }).get();
        assertThat(done.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(seen.size() - 1)).isEqualTo("data: {\"jobId\":\"j-1\",\"workerAssignments\":{}}\n\n");
        assertThat(hub.schedulingInfo("j-1", false)).isEmpty();
    }
}
