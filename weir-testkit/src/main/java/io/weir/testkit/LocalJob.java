package io.weir.testkit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.runtime.api.Codec;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import io.weir.runtime.route.KeyHashes;
import io.weir.runtime.route.KeyedRouter;
import io.weir.runtime.worker.SourceRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * One run of a job's topology as a graph of fluxes: per stage, one flux per worker over that worker's share of the
 * previous stage's encoded records; the last stage's workers merge into the sink.
 */
final class LocalJob {

    static final String JOB_ID = "test-1";

    private final Flux<Object> sink;

    private LocalJob(Flux<Object> sink) {
        this.sink = sink;
    }

    static LocalJob build(WeirJob job, Map<String, String> given, Map<Integer, Integer> workers, List<Object> input) {
        Parameters parameters = Parameters.validate(job.parameters(), given);
        int stages = job.topology(context(1, 1, 0, 0, parameters)).stages().size();
        workers.keySet().stream().filter(s -> s > stages).findFirst().ifPresent(s -> {
            throw new IllegalArgumentException("workers(" + s + ", ...): " + job.getClass().getName() + " has " + stages + " stages");
        });
        int number = 0;
        List<Flux<Encoded>> previous = null;
        List<Flux<Object>> sinks = new ArrayList<>();
        for (int stage = 1; stage <= stages; stage++) {
            int count = workers.getOrDefault(stage, 1);
            int nextCount = workers.getOrDefault(stage + 1, 1);
            var outputs = new ArrayList<Flux<Encoded>>(count);
            Flux<Encoded> shared = previous == null ? null : share(Flux.merge(previous), count);
            Flux<Object> sourceShare = stage == 1 && input != null ? share(input, count) : null;
            for (int index = 0; index < count; index++) {
                var context = context(stage, stages, index, ++number, parameters);
                Topology topology = job.topology(context);
                StageSpec<?, ?> spec = topology.stages().get(stage - 1);
                Flux<Object> in;
                if (stage == 1) {
                    in = sourceShare != null ? roundRobin(sourceShare, index, count) : source(topology, context);
                } else {
                    int me = index;
                    Codec<?> codec = topology.stages().get(stage - 2).output();
                    in = shared.filter(r -> r.target() == me).map(r -> decode(codec, r.bytes()));
                }
                Flux<Object> out = apply(spec, in);
                if (stage == stages) {
                    sinks.add(out.map(r -> roundTrip(spec.output(), r)));
                } else {
                    outputs.add(out.map(encoder(spec.output(), topology.stages().get(stage), nextCount)));
                }
            }
            previous = outputs;
        }
        Flux<Object> last = Flux.merge(sinks);
        return new LocalJob(last);
    }

    <O> List<O> run(Duration timeout) {
        List<Object> out = sink.collectList().block(timeout);
        return cast(out);
    }

    <O> List<O> awaitOutput(int count, Duration timeout) {
        var out = sink.take(count).collectList().block(timeout);
        if (out == null || out.size() < count) {
            throw new AssertionError("the job's sink served " + (out == null ? 0 : out.size()) + " records and its source ended; expected "
                    + count);
        }
        return cast(out);
    }

    @SuppressWarnings("unchecked")
    private static <O> List<O> cast(List<Object> out) {
        return (List<O>) (List<?>) out;
    }

    private static JobContext context(int stage, int stages, int index, int number, Parameters parameters) {
        return new JobContext(JOB_ID, stage, stages, index, number, parameters, new SimpleMeterRegistry());
    }

    /** The job's own source for one stage-1 worker, as a worker runs it (dropping without demand when the job says so). */
    private static Flux<Object> source(Topology topology, JobContext context) {
        return SourceRecords.of(topology, context, () -> { });
    }

    private static <T> Flux<T> share(Flux<T> flux, int subscribers) {
        return subscribers == 1 ? flux : flux.publish().autoConnect(subscribers);
    }

    private static Flux<Object> share(List<Object> input, int subscribers) {
        var numbered = new ArrayList<Object>(input.size());
        for (int i = 0; i < input.size(); i++) {
            numbered.add(new Numbered(i, input.get(i)));
        }
        return share(Flux.fromIterable(numbered), subscribers);
    }

    private static Flux<Object> roundRobin(Flux<Object> numbered, int index, int count) {
        return numbered.filter(r -> ((Numbered) r).seq() % count == index).map(r -> ((Numbered) r).record());
    }

    /**
     * Encodes a record for the next stage and names the worker index that takes it: for a keyed stage the index the
     * runtime's ring gives the record's key (decoded from the bytes, as a worker's output does), else the next in turn.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<Object, Encoded> encoder(Codec<?> codec, StageSpec<?, ?> next, int nextCount) {
        Codec raw = codec;
        if (next.isKeyed()) {
            var ring = new KeyedRouter<>(nextCount);
            Function key = next.key();
            return r -> {
                byte[] bytes = raw.encode(r);
                return new Encoded(ring.indexFor(KeyHashes.ofString((String) key.apply(raw.decode(bytes)))), bytes);
            };
        }
        var turn = new AtomicLong();
        return r -> new Encoded((int) (turn.getAndIncrement() % nextCount), raw.encode(r));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decode(Codec<?> codec, byte[] bytes) {
        return ((Codec) codec).decode(bytes);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object roundTrip(Codec<?> codec, Object record) {
        return ((Codec) codec).decode(((Codec) codec).encode(record));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Flux<Object> apply(StageSpec<?, ?> stage, Flux<Object> input) {
        return (Flux<Object>) ((Function) stage.logic()).apply(input);
    }

    /** A record on its way to worker index {@code target} of the next stage. */
    private record Encoded(int target, byte[] bytes) {
    }

    /** An input record and its position, for sharing the input among stage 1's workers. */
    private record Numbered(long seq, Object record) {
    }
}
