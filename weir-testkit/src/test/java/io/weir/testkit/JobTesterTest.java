package io.weir.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import io.weir.runtime.route.ConsistentHashRing;
import io.weir.runtime.route.KeyHashes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class JobTesterTest {

    /** Numbers → "k<n % keys>:<n>" (scalar) → running count and sum per key (keyed, the sink), tagged with the worker index. */
    public static final class KeyedSumJob implements WeirJob {

        /** The running count and sum of one key on the keyed stage's worker {@code index}. */
        public record Sum(String key, long count, long sum, int index) {
        }

        @Override
        public List<ParameterDefinition> parameters() {
            return List.of(ParameterDefinition.of("keys", ParameterDefinition.Type.INT, "10", "distinct keys"));
        }

        @Override
        public Topology topology(JobContext context) {
            int keys = context.parameters().intValue("keys");
            return Topology.from(ctx -> Flux.range(0, 5).map(Integer::longValue), Codecs.json(Long.class))
                    .then(StageSpec.<Long, Long>scalar(f -> f, Codecs.json(Long.class)))
                    .then(StageSpec.map(n -> "k" + (n % keys) + ":" + n, Codecs.string()))
                    .then(StageSpec.keyed(s -> s.substring(0, s.indexOf(':')), group -> group.scan(new Sum(group.key(), 0, 0, -1),
                            (acc, s) -> new Sum(acc.key(), acc.count() + 1, acc.sum() + Long.parseLong(s.substring(s.indexOf(':') + 1)),
                                    context.workerIndex())).skip(1), Codecs.json(Sum.class)))
                    .toSink();
        }
    }

    @Test
    void aThreeStageKeyedJobOverOneHundredThousandRecordsCountsEveryKeyExactlyOnItsRingWorker() {
        int records = 100_000;
        int keys = 50;
        var input = LongStream.range(0, records).boxed().toList();
        var tester = JobTester.of(new KeyedSumJob()).parameter("keys", String.valueOf(keys)).workers(1, 2).workers(2, 3).workers(3, 4)
                .input(input);
        List<KeyedSumJob.Sum> out = null;
        for (int run = 1; run <= 2; run++) {
            long started = System.nanoTime();
            out = tester.run();
            System.out.printf("JobTester run %d: 3 stages (2/3/4 workers, last keyed), %,d records, %d keys: %d ms%n", run, records, keys,
                    (System.nanoTime() - started) / 1_000_000);
        }

        assertThat(out).hasSize(records);
        Map<String, KeyedSumJob.Sum> last = new HashMap<>();
        out.forEach(s -> last.merge(s.key(), s, (a, b) -> b.count() > a.count() ? b : a));
        assertThat(last).hasSize(keys);
        var ring = new ConsistentHashRing(List.of(0, 1, 2, 3), ConsistentHashRing.DEFAULT_VIRTUAL_NODES);
        for (int k = 0; k < keys; k++) {
            long sum = 0;
            for (long n = k; n < records; n += keys) {
                sum += n;
            }
            var s = last.get("k" + k);
            assertThat(s.count()).isEqualTo(records / keys);
            assertThat(s.sum()).isEqualTo(sum);
            assertThat(s.index()).as("worker of k" + k).isEqualTo(ring.indexFor(KeyHashes.ofString("k" + k)));
        }
        Map<String, List<Integer>> workersPerKey = out.stream().collect(Collectors.groupingBy(KeyedSumJob.Sum::key,
                Collectors.mapping(KeyedSumJob.Sum::index, Collectors.collectingAndThen(Collectors.toSet(), List::copyOf))));
        assertThat(workersPerKey.values()).allMatch(w -> w.size() == 1);
        assertThat(last.values().stream().map(KeyedSumJob.Sum::index).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void withoutInputTheJobsOwnSourceRunsOnEveryStageOneWorker() {
        List<KeyedSumJob.Sum> out = JobTester.of(new KeyedSumJob()).workers(1, 2).run();
        assertThat(out).hasSize(10);
        assertThat(out).filteredOn(s -> s.key().equals("k4")).extracting(KeyedSumJob.Sum::count).containsExactly(1L, 2L);
    }

    @Test
    void awaitOutputStopsAnEndlessSourceAfterEnoughRecords() {
        WeirJob endless = context -> Topology.from(ctx -> Flux.<Long, Long>generate(() -> 0L, (i, sink) -> {
            sink.next(i);
            return i + 1;
        }), Codecs.json(Long.class)).then(StageSpec.map(n -> n * 2, Codecs.json(Long.class))).toSink();
        List<Long> out = JobTester.of(endless).awaitOutput(5);
        assertThat(out).containsExactly(0L, 2L, 4L, 6L, 8L);
    }

    @Test
    void badParametersAndStagesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> JobTester.of(new KeyedSumJob()).parameter("keys", "many").run())
                .hasMessageContaining("keys");
        assertThatThrownBy(() -> JobTester.of(new KeyedSumJob()).workers(4, 2).run())
                .hasMessageContaining("has 3 stages");
        assertThatThrownBy(() -> JobTester.of(new KeyedSumJob()).workers(0, 2)).hasMessageContaining("numbered from 1");
    }
}
