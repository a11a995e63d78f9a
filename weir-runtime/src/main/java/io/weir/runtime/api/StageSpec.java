package io.weir.runtime.api;

import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * One stage of a topology: its logic over a {@code Flux} and the codec of its output. A keyed stage receives every record
 * of a key on the same worker (routed by {@code key} over a consistent-hash ring of worker indexes).
 */
public record StageSpec<I, O>(Function<Flux<I>, Flux<O>> logic, Codec<O> output, Function<I, String> key) {

    public StageSpec {
        Objects.requireNonNull(logic, "logic");
        Objects.requireNonNull(output, "output");
    }

    /** Any worker of the stage may take any record. */
    public static <I, O> StageSpec<I, O> scalar(Function<Flux<I>, Flux<O>> logic, Codec<O> output) {
        return new StageSpec<>(logic, output, null);
    }

    /** Convenience: a plain map. */
    public static <I, O> StageSpec<I, O> map(Function<I, O> fn, Codec<O> output) {
        return scalar(f -> f.map(fn), output);
    }

    /** Convenience: a plain flatMap over iterables (e.g. splitting sentences into words). */
    public static <I, O> StageSpec<I, O> flatMapIterable(Function<I, Iterable<O>> fn, Codec<O> output) {
        return scalar(f -> f.flatMapIterable(fn), output);
    }

    /** Convenience: a filter. */
    public static <I> StageSpec<I, I> filter(java.util.function.Predicate<I> p, Codec<I> output) {
        return scalar(f -> f.filter(p), output);
    }

    /** Records grouped by {@code key}: {@code perKey} sees each key's records as one grouped flux. */
    public static <I, O> StageSpec<I, O> keyed(Function<I, String> key,
                                               Function<reactor.core.publisher.GroupedFlux<String, I>, Flux<O>> perKey, Codec<O> output) {
        return new StageSpec<>(f -> f.groupBy(key, 256).flatMap(perKey, Integer.MAX_VALUE), output, key);
    }

    public boolean isKeyed() {
        return key != null;
    }
}
