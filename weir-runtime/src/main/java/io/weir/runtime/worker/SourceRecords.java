package io.weir.runtime.worker;

import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.NoCreditPolicy;
import io.weir.runtime.api.Topology;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * A job's source as a stage-1 worker runs it: under {@link NoCreditPolicy#DROP} records without demand are dropped
 * (and {@code onDrop} runs); under {@link NoCreditPolicy#WAIT} a source that emits without demand (a Reactor overflow,
 * e.g. a bare {@code Flux.interval}) fails with a sentence that says how to write it instead.
 */
public final class SourceRecords {

    private SourceRecords() {
    }

    public static Flux<Object> of(Topology topology, JobContext context, Runnable onDrop) {
        Flux<Object> records = topology.source().produce(context).map(r -> (Object) r);
        if (topology.noCredit() == NoCreditPolicy.DROP) {
            return records.onBackpressureDrop(r -> onDrop.run());
        }
        return records.onErrorMap(Exceptions::isOverflow, e -> new IllegalStateException(overflowMessage(context), e));
    }

    static String overflowMessage(JobContext context) {
        return "the source of " + context.jobId() + " emitted records the job had no credit for (" + "a timer such as Flux.interval"
                + " does not wait for demand), and the topology says whenNoCredit(WAIT): make the source wait for demand"
                + " (Ticks.every(period) instead of Flux.interval(period)), or drop what the job has no room for"
                + " (.onBackpressureDrop() or .onBackpressureLatest() on the source, or Topology...whenNoCredit(NoCreditPolicy.DROP),"
                + " which counts the drops); see docs/jobs.md, 'A faster source'";
    }
}
