package io.weir.runtime.api;

import reactor.core.publisher.Flux;

/** Where a job's records come from (stage 1). Demand from downstream reaches the Flux as request-n. */
@FunctionalInterface
public interface Source<T> {

    Flux<T> produce(JobContext context);
}
