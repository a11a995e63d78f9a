package io.weir.runtime.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's shape: a source, its stages in order (stage 1 reads the source, the last stage serves the sink), and how
 * the last stage's records are shown to consumers. Build with {@link #from(Source, Codec)}.
 */
public final class Topology {

    private final Source<?> source;
    private final Codec<?> sourceCodec;
    private final NoCreditPolicy noCredit;
    private final List<StageSpec<?, ?>> stages;

    private Topology(Source<?> source, Codec<?> sourceCodec, NoCreditPolicy noCredit, List<StageSpec<?, ?>> stages) {
        this.source = source;
        this.sourceCodec = sourceCodec;
        this.noCredit = noCredit;
        this.stages = List.copyOf(stages);
    }

    /** Starts a topology at {@code source}, whose records travel with {@code codec}. */
    public static <T> Builder<T> from(Source<T> source, Codec<T> codec) {
        return new Builder<>(Objects.requireNonNull(source, "source"), Objects.requireNonNull(codec, "codec"), NoCreditPolicy.WAIT,
                new ArrayList<>());
    }

    public Source<?> source() {
        return source;
    }

    public Codec<?> sourceCodec() {
        return sourceCodec;
    }

    /** What the source does without credit; {@link NoCreditPolicy#WAIT} unless the builder said otherwise. */
    public NoCreditPolicy noCredit() {
        return noCredit;
    }

    /** The stages; a topology without explicit stages has one, which passes the source through. */
    public List<StageSpec<?, ?>> stages() {
        return stages;
    }

    /** Adds stages; each call to {@link #then} is one more job stage. */
    public static final class Builder<T> {

        private final Source<?> source;
        private final Codec<?> codec;
        private final NoCreditPolicy noCredit;
        private final List<StageSpec<?, ?>> stages;

        private Builder(Source<?> source, Codec<?> codec, NoCreditPolicy noCredit, List<StageSpec<?, ?>> stages) {
            this.source = source;
            this.codec = codec;
            this.noCredit = noCredit;
            this.stages = stages;
        }

        /** What the source does when downstream has no credit (default {@link NoCreditPolicy#WAIT}). */
        public Builder<T> whenNoCredit(NoCreditPolicy policy) {
            return new Builder<>(source, codec, Objects.requireNonNull(policy, "policy"), stages);
        }

        public <R> Builder<R> then(StageSpec<T, R> stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return new Builder<>(source, codec, noCredit, stages);
        }

        /** Ends the topology: the last stage's records go to the job's sink. */
        @SuppressWarnings("unchecked")
        public Topology toSink() {
            var all = new ArrayList<>(stages);
            if (all.isEmpty()) {
                all.add(StageSpec.scalar(f -> f, (Codec<Object>) codec));
            }
            return new Topology(source, codec, noCredit, all);
        }
    }
}
