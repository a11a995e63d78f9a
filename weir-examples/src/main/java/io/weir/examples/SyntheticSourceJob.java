package io.weir.examples;

import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.api.ParameterDefinition.Type;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import reactor.core.publisher.Flux;

/**
 * One stage emitting numbered JSON events at {@code eventsPerSecond}: {@code {"seq":n,"worker":i,"ts":millis}}. Events
 * produced while nobody has credit are dropped and counted (the clock does not wait).
 */
public final class SyntheticSourceJob implements WeirJob {

    /** One synthetic event. */
    public record Event(long seq, int worker, long ts) {
    }

    @Override
    public List<ParameterDefinition> parameters() {
        return List.of(ParameterDefinition.of("eventsPerSecond", Type.INT, "10", "events per second per worker, > 0"));
    }

    @Override
    public Topology topology(JobContext context) {
        int rate = Math.max(1, context.parameters().intValue("eventsPerSecond"));
        return Topology.from(ctx -> events(rate, ctx.workerIndex()), Codecs.json(Event.class)).whenNoCredit(NoCreditPolicy.DROP).toSink();
    }

    /** Events at {@code rate} per second, emitted in small batches every millisecond or less often for low rates. */
    static Flux<Event> events(int rate, int worker) {
        long periodMillis = Math.max(1, 1000 / rate);
        long perTick = Math.max(1, rate * periodMillis / 1000);
        return Flux.interval(Duration.ofMillis(periodMillis))
                .flatMapIterable(tick -> LongStream.range(tick * perTick, (tick + 1) * perTick).boxed().toList())
                .map(seq -> new Event(seq, worker, System.currentTimeMillis()));
    }
}
