package io.weir.client.internal;

import io.weir.client.WeirClientException;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.transport.sse.SseDecoder;
import io.weir.transport.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One of the master's SSE streams, followed across connections: the {@code data:} of every event (heartbeats
 * included), reconnecting with {@link ExponentialBackoff} after a drop, a silence longer than the idle timeout, a 5xx
 * or an unreachable master. The delays restart from the first after any event. A 4xx ends the stream with a
 * {@link WeirClientException}: the job or cluster does not exist.
 */
public final class MasterStream {

    private static final Logger log = LoggerFactory.getLogger(MasterStream.class);
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    /** Told when a connection is answered 200 and when one failed and the next is scheduled; must not block. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        default void connected(String url) {
        }

        default void retrying(String url, Throwable failure, long delayMillis) {
        }
    }

    private final MasterHttp http;
    private final Duration idleTimeout;
    private final ExponentialBackoff backoff;

    /** With the client's discovery idle timeout and backoff. */
    public MasterStream(MasterHttp http) {
        this(http, Duration.ofMillis(http.config().discoveryIdleTimeoutMillis()), http.config().discoveryBackoff());
    }

    /** A stream silent for {@code idleTimeout} is reconnected after delays from {@code backoff}. */
    public MasterStream(MasterHttp http, Duration idleTimeout, ExponentialBackoff backoff) {
        this.http = Objects.requireNonNull(http, "http");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Data of the events at {@code path} (with {@code ?sendHB=true}); completes only when the caller stops taking. */
    public Flux<String> follow(String path) {
        return follow(path, Map.of("sendHB", "true"), Observer.NONE);
    }

    /** Data of the events at {@code path} with these query parameters (null values left out), telling {@code observer}. */
    public Flux<String> follow(String path, Map<String, String> query, Observer observer) {
        String url = http.url(path, new HashMap<>(query));
        return Flux.defer(() -> connect(url, observer))
                .retryWhen(Retry.from(signals -> signals.map(Retry.RetrySignal::copy).concatMap(signal -> {
                    Throwable failure = signal.failure();
                    if (failure instanceof WeirClientException e && e.isUserError()) {
                        return Mono.error(failure);
                    }
                    long delay = backoff.delayMillis((int) Math.min(signal.totalRetriesInARow() + 1, 64), ThreadLocalRandom.current());
                    log.debug("Reconnecting to {} in {} ms: {}", url, delay, failure.toString());
                    observer.retrying(url, failure, delay);
                    return Mono.delay(Duration.ofMillis(delay));
                })));
    }

    private Flux<String> connect(String url, Observer observer) {
        return http.streams().get().uri(url).response((res, body) -> {
                    int status = res.status().code();
                    if (status != 200) {
                        return body.asByteArray()
                                .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                                    out.write(chunk, 0, Math.min(chunk.length, Math.max(0, MAX_ERROR_BODY_BYTES - out.size())));
                                    return out;
                                })
                                .defaultIfEmpty(new ByteArrayOutputStream())
                                .flatMapMany(out -> Flux.<String>error(http.failure(status, out.toByteArray())));
                    }
                    observer.connected(url);
                    return SseDecoder.events(body.asByteArray(), SseDecoder.DEFAULT_MAX_EVENT_BYTES).map(SseEvent::text);
                })
                .timeout(idleTimeout)
                .concatWith(Flux.error(() -> new IllegalStateException("the master closed the stream " + url)));
    }
}
