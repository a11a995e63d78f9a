package io.weir.testkit;

import io.weir.runtime.api.WeirJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs a job's topology in this JVM, for unit tests: each stage's logic runs once per worker with that worker's own
 * {@link io.weir.runtime.api.JobContext}, records between stages are encoded and decoded with the stages' codecs, and a
 * keyed stage's records reach the worker index the runtime's consistent-hash ring names. The sink's records come back
 * as a list, decoded with the last stage's codec.
 *
 * <pre>{@code
 * List<WordCount> out = JobTester.of(new WordCountJob()).workers(3, 2).input("a b", "b").run();
 * }</pre>
 */
public final class JobTester {

    /** How long {@link #run} and {@link #awaitOutput} wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final WeirJob job;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<Integer, Integer> workers = new TreeMap<>();
    private List<Object> input;
    private Duration timeout = DEFAULT_TIMEOUT;

    private JobTester(WeirJob job) {
        this.job = Objects.requireNonNull(job, "job");
    }

    /** A tester for {@code job}: one worker per stage, the job's parameter defaults, the job's own source. */
    public static JobTester of(WeirJob job) {
        return new JobTester(job);
    }

    /** Sets parameters, as a job cluster's {@code parameters} would; they are checked against the job's definitions. */
    public JobTester parameters(Map<String, String> values) {
        parameters.putAll(values);
        return this;
    }

    /** Sets one parameter. */
    public JobTester parameter(String name, String value) {
        parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Runs {@code count} workers of {@code stage} (1-based); every stage has one unless told otherwise. */
    public JobTester workers(int stage, int count) {
        if (stage < 1) {
            throw new IllegalArgumentException("stage: " + stage + " (expected: >= 1, stages are numbered from 1)");
        }
        if (count < 1) {
            throw new IllegalArgumentException("workers of stage " + stage + ": " + count + " (expected: >= 1)");
        }
        workers.put(stage, count);
        return this;
    }

    /**
     * Replaces the job's source with these records, shared round-robin among stage 1's workers (as if each ran the
     * source over its share). Without input each stage-1 worker runs the job's own source.
     */
    @SafeVarargs
    public final <T> JobTester input(T... records) {
        return input(Arrays.asList(records));
    }

    /** As {@link #input(Object[])}, from a collection. */
    public JobTester input(Iterable<?> records) {
        var copy = new ArrayList<Object>();
        records.forEach(copy::add);
        this.input = copy;
        return this;
    }

    /** How long {@link #run} and {@link #awaitOutput} wait for the job; default 30 s. */
    public JobTester timeout(Duration value) {
        this.timeout = Objects.requireNonNull(value, "timeout");
        return this;
    }

    /** Runs the job until its source completes and returns every record its sink served, in arrival order. */
    public <O> List<O> run() {
        return LocalJob.build(job, parameters, workers, input).run(timeout);
    }

    /** Runs the job until its sink has served {@code count} records (or fails after the timeout), then stops it. */
    public <O> List<O> awaitOutput(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        return LocalJob.build(job, parameters, workers, input).awaitOutput(count, timeout);
    }
}
