package io.weir.client.sink;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The read tokens of jobs' sinks, fetched from the master once per job and kept until a sink refuses one: empty when
 * the cluster runs without a secret. Thread-safe.
 */
final class SinkTokens {

    /** Asks for no token: sinks of a cluster without a secret, or tests. */
    static final SinkTokens NONE = new SinkTokens(jobId -> Mono.just(Optional.empty()));

    private final Function<String, Mono<Optional<String>>> fetch;
    private final Map<String, Mono<Optional<String>>> byJob = new ConcurrentHashMap<>();

    SinkTokens(Function<String, Mono<Optional<String>>> fetch) {
        this.fetch = fetch;
    }

    /** The token of {@code jobId}'s sinks, fetched on first use; a failed fetch is tried again by the next call. */
    Mono<Optional<String>> of(String jobId) {
        return byJob.computeIfAbsent(jobId, id -> fetch.apply(id)
                .doOnError(e -> byJob.remove(id))
                .cache(v -> java.time.Duration.ofDays(365), e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO));
    }

    /** Forgets {@code jobId}'s token, e.g. after a sink refused it: the next {@link #of} fetches it again. */
    void forget(String jobId) {
        byJob.remove(jobId);
    }
}
