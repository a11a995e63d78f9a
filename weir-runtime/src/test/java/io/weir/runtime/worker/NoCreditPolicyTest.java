package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Ticks;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class NoCreditPolicyTest {

    /** A clock-driven source feeding a second stage that never starts. */
    static final class Ticking implements WeirJob {

        final AtomicReference<MeterRegistry> metrics = new AtomicReference<>();
        private final NoCreditPolicy policy;
        private final boolean ticks;

        Ticking(NoCreditPolicy policy) {
            this(policy, false);
        }

        /** {@code ticks}: the source is {@link Ticks#every}, else a bare {@code Flux.interval}. */
        Ticking(NoCreditPolicy policy, boolean ticks) {
            this.policy = policy;
            this.ticks = ticks;
        }

        @Override
        public Topology topology(JobContext context) {
            metrics.set(context.metrics());
            Duration period = Duration.ofMillis(1);
            return Topology.from(ctx -> ticks ? Ticks.every(period) : Flux.interval(period), Codecs.json(Long.class)).whenNoCredit(policy)
                    .then(StageSpec.<Long, Long>scalar(f -> f, Codecs.json(Long.class)))
                    .then(StageSpec.<Long, Long>scalar(f -> f, Codecs.json(Long.class)))
                    .toSink();
        }
    }

    @Test
    void aDroppingSourceWithoutConsumersCountsWhatItDropsAndKeepsRunning() throws Exception {
        try (var discovery = new FakeDiscovery("tick-1")) {
            discovery.stage(1, 1);
            discovery.stage(2, 1);
            var job = new Ticking(NoCreditPolicy.DROP);
            try (var worker = job.start(new WorkerContext("tick-1", 1, 1, 0, 2, Map.of(), List.of(), "127.0.0.1", discovery.url()))) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        job.metrics.get().counter("weir_source_dropped_records", "job", "tick-1", "reason", "no_credit").count() > 50);
                assertThat(worker.completion().toCompletableFuture()).isNotDone();
            }
        }
    }

    @Test
    void aBareIntervalThatWaitsForCreditFailsTheWorkerWithHowToWriteIt() throws Exception {
        try (var discovery = new FakeDiscovery("tick-1")) {
            discovery.stage(1, 1);
            discovery.stage(2, 1);
            try (var worker = new Ticking(NoCreditPolicy.WAIT).start(new WorkerContext("tick-1", 1, 1, 0, 2, Map.of(), List.of(),
                    "127.0.0.1", discovery.url()))) {
                var completion = worker.completion().toCompletableFuture();
                await().atMost(Duration.ofSeconds(10)).until(completion::isDone);
                assertThat(completion.exceptionNow()).hasMessageContaining("whenNoCredit(WAIT)")
                        .hasMessageContaining("Ticks.every(period)").hasMessageContaining(".onBackpressureDrop()")
                        .cause().satisfies(e -> assertThat(reactor.core.Exceptions.isOverflow(e)).isTrue());
            }
        }
    }

    @Test
    void ticksWaitForCreditWithoutFailing() throws Exception {
        try (var discovery = new FakeDiscovery("tick-1")) {
            discovery.stage(1, 1);
            discovery.stage(2, 1);
            try (var worker = new Ticking(NoCreditPolicy.WAIT, true).start(new WorkerContext("tick-1", 1, 1, 0, 2, Map.of(), List.of(),
                    "127.0.0.1", discovery.url()))) {
                var completion = worker.completion().toCompletableFuture();
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !completion.isDone());
            }
        }
    }

    @Test
    void sourcesWaitForCreditUnlessTheySayOtherwise() {
        var topology = Topology.from(ctx -> Flux.just(1L), Codecs.json(Long.class)).toSink();
        assertThat(topology.noCredit()).isEqualTo(NoCreditPolicy.WAIT);
    }
}
