package io.weir.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weir.core.json.Json;
import io.weir.mql.Mql;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group offers on a fake clock, with unsubscribed consumers (on an embedded channel) whose buffers only fill. */
class ConsumerGroupTest {

    private static final byte[] FRAME = SseFrames.record("{}".getBytes());

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinkMetrics metrics = new SinkMetrics(meters, () -> 0);
    private final List<SinkConsumer> ended = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private SinkConsumer consumer(String clientId, String slotId, long sampleMillis, int capacity) {
        return new SinkConsumer(new SubscribeParams(clientId, slotId, sampleMillis, 0, false), channel,
                capacity, 1000, metrics, 0, ended::add);
    }

    private SinkConsumer consumer(String clientId, String slotId, String mql) {
        return new SinkConsumer(new SubscribeParams(clientId, slotId, 0, 0, false, mql == null ? null : Mql.parse(mql), null),
                channel, 100, 1000, metrics, 0, ended::add);
    }

    private static PublishedRecord record(String json) {
        return new PublishedRecord(json.getBytes(StandardCharsets.UTF_8), Json.lenient());
    }

    private double dropped(String reason) {
        return meters.find("weir.sink.dropped.records").tag("reason", reason).counter().count();
    }

    @Test
    void roundRobinSpreadsRecordsEvenlyOverMembers() {
        var group = new ConsumerGroup("g");
        var a = consumer("g", null, 0, 100);
        var b = consumer("g", null, 0, 100);
        group.add(a);
        group.add(b);
        for (int i = 0; i < 10; i++) {
            group.offer(FRAME, 0, metrics);
        }
        assertThat(a.queued()).isEqualTo(5);
        assertThat(b.queued()).isEqualTo(5);
    }

    @Test
    void aFullMemberIsSkippedAndARecordNoMemberCanTakeIsOneDrop() {
        var group = new ConsumerGroup("g");
        var small = consumer("g", null, 0, 1);
        var large = consumer("g", null, 0, 3);
        group.add(small);
        group.add(large);
        for (int i = 0; i < 4; i++) {
            group.offer(FRAME, 0, metrics);
        }
        assertThat(small.queued() + large.queued()).isEqualTo(4);
        assertThat(dropped("buffer_full")).isZero();

        group.offer(FRAME, 0, metrics);
        assertThat(small.dropped() + large.dropped()).isEqualTo(1);
        assertThat(dropped("buffer_full")).isEqualTo(1);
    }

    @Test
    void theFirstRecordOfEachSampleWindowWins() {
        var group = new ConsumerGroup(null);
        var sampled = consumer(null, null, 100, 100);
        group.add(sampled);
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(sampled.offer(FRAME, 0)).isEqualTo(ConsumerBuffer.Offer.ACCEPTED);
        assertThat(sampled.offer(FRAME, 50 * ms)).isEqualTo(ConsumerBuffer.Offer.SAMPLED);
        assertThat(sampled.offer(FRAME, 99 * ms)).isEqualTo(ConsumerBuffer.Offer.SAMPLED);
        assertThat(sampled.offer(FRAME, 100 * ms)).isEqualTo(ConsumerBuffer.Offer.ACCEPTED);
        group.offer(FRAME, 150 * ms, metrics);
        assertThat(sampled.queued()).isEqualTo(2);
        assertThat(dropped("sampled")).isEqualTo(1);
        assertThat(sampled.dropped()).isZero();
    }

    @Test
    void aFullSampledConsumerKeepsItsWindowOpen() {
        var sampled = consumer(null, null, 100, 1);
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(sampled.offer(FRAME, 0)).isEqualTo(ConsumerBuffer.Offer.ACCEPTED);
        assertThat(sampled.offer(FRAME, 100 * ms)).isEqualTo(ConsumerBuffer.Offer.FULL);
        assertThat(sampled.offer(FRAME, 150 * ms)).isEqualTo(ConsumerBuffer.Offer.FULL);
    }

    @Test
    void aCompletedConsumerTakesNothingAndReportsItsEnd() {
        var c = consumer(null, null, 0, 10);
        c.offer(FRAME, 0);
        c.complete();
        assertThat(c.offer(FRAME, 0)).isEqualTo(ConsumerBuffer.Offer.CLOSED);
        assertThat(c.queued()).isZero();
        assertThat(ended).containsExactly(c);
    }

    @Test
    void aGroupsQueryFiltersForAllMembersAndCountsEachFilteredRecordOnce() {
        var group = new ConsumerGroup("g");
        var a = consumer("g", null, "select * from s where a == 1");
        var b = consumer("g", null, "select * from s where a == 1");
        group.add(a);
        group.add(b);
        group.offer(record("{\"a\":1}"), 0, metrics);
        group.offer(record("{\"a\":2}"), 0, metrics);
        group.offer(record("{\"a\":1}"), 0, metrics);
        assertThat(a.queued() + b.queued()).isEqualTo(2);
        assertThat(meters.find("weir.sink.filtered.records").counter().count()).isEqualTo(1);
        assertThat(a.dropped() + b.dropped()).isZero();
    }

    @Test
    void registryRefusesAMemberWithAnotherQueryButLetsItReplaceTheOnlyOtherInItsSlot() {
        var registry = new ConsumerRegistry();
        registry.add(consumer("g", "s", "select a from s"));
        assertThatThrownBy(() -> registry.add(consumer("g", null, "select b from s")))
                .isInstanceOf(SubscriptionConflictException.class)
                .hasMessage("clientId: 'g' already uses the query 'select a from s' "
                        + "(expected: the same query on every connection of a clientId, or another clientId)");
        assertThatThrownBy(() -> registry.add(consumer("g", null, null)))
                .isInstanceOf(SubscriptionConflictException.class)
                .hasMessageContaining("already uses the query 'select a from s'");
        assertThat(registry.add(consumer("g", null, "select a from s"))).isNull();
        assertThat(registry.consumers()).isEqualTo(2);

        var plain = new ConsumerRegistry();
        plain.add(consumer("h", "s", null));
        assertThat(plain.add(consumer("h", "t", "select * from s"))).as("select * alone is no query").isNull();
        assertThatThrownBy(() -> plain.add(consumer("h", "s", "select a from s")))
                .hasMessage("clientId: 'h' already takes every record unchanged "
                        + "(expected: the same query on every connection of a clientId, or another clientId)");

        var single = new ConsumerRegistry();
        var only = consumer("k", "s", null);
        single.add(only);
        assertThat(single.add(consumer("k", "s", "select a from s"))).isSameAs(only);
    }

    @Test
    void registryReplacesATakenSlotAndDropsEmptyGroups() {
        var registry = new ConsumerRegistry();
        var old = consumer("c", "s", 0, 10);
        var other = consumer("c", "t", 0, 10);
        var anonymous = consumer(null, null, 0, 10);
        assertThat(registry.add(old)).isNull();
        assertThat(registry.add(other)).isNull();
        assertThat(registry.add(anonymous)).isNull();
        assertThat(registry.groups()).hasSize(2);

        var replacement = consumer("c", "s", 0, 10);
        assertThat(registry.add(replacement)).isSameAs(old);
        registry.remove(old);
        assertThat(registry.consumers()).isEqualTo(3);
        assertThat(registry.groups()).hasSize(2);

        registry.remove(replacement);
        registry.remove(other);
        registry.remove(anonymous);
        assertThat(registry.consumers()).isZero();
        assertThat(registry.groups()).isEmpty();
    }
}
