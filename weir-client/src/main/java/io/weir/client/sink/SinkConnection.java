package io.weir.client.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.client.WeirClientException;
import io.weir.core.json.Json;
import io.weir.transport.sse.SseDecoder;
import io.weir.transport.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * One physical connection of a session to one sink worker: a {@code GET} of the sink's SSE stream whose records
 * flow out as {@link SinkRecord}s at the subscriber's demand, pings and meta messages consumed here. It reports its
 * answer and its end to a {@link Listener}, and keeps its {@link Liveness} current. Subscribed once.
 */
final class SinkConnection {

    /** What the session hears from a connection; called on the connection's event loop. */
    interface Listener {
        void answered(SinkConnection connection);

        /** The stream ended: {@code cause} is null when the worker completed it, else the failure. */
        void ended(SinkConnection connection, Throwable cause);

        void dropped(SinkConnection connection, long droppedSinceConnected);
    }

    private static final String PING = "ping";
    private static final String META_PREFIX = "{\"type\":\"meta\",\"dropped\":";
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = Json.lenient();

    private final String id;
    private final SinkWorker worker;
    private final String url;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private final Liveness liveness;
    private final Sinks.One<Boolean> stop = Sinks.one();
    private ScheduledFuture<?> check;

    SinkConnection(String id, SinkWorker worker, String url, LongSupplier nanoClock, long connectTimeoutNanos, long silenceTimeoutNanos) {
        this.id = id;
        this.worker = worker;
        this.url = url;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.liveness = new Liveness(startedNanos, connectTimeoutNanos, silenceTimeoutNanos);
    }

    String id() {
        return id;
    }

    SinkWorker worker() {
        return worker;
    }

    long startedNanos() {
        return startedNanos;
    }

    Liveness liveness() {
        return liveness;
    }

    /** Replaces the pending liveness check (cancelled) with {@code next}, which may be null. Session thread only. */
    void watch(ScheduledFuture<?> next) {
        if (check != null) {
            check.cancel(false);
        }
        check = next;
    }

    /** Ends the stream and closes the socket; records already buffered downstream are still delivered. Any thread. */
    void stop() {
        stop.tryEmitValue(Boolean.TRUE);
    }

    /**
     * The stream, read with the sink's read {@code token} if there is one; subscribing opens the connection. Never fails:
     * the end, whatever its cause (a token that could not be fetched included), goes to the listener.
     */
    Flux<SinkRecord> records(HttpClient http, Mono<Optional<String>> token, int maxEventBytes, boolean metaMessages, Counter received,
                             Listener listener) {
        return token.flatMapMany(t -> http.headers(h -> t.ifPresent(v -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + v)))
                .get().uri(url).response((res, body) -> {
                    int status = res.status().code();
                    if (status != 200) {
                        return body.asByteArray()
                                .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                                    out.write(chunk, 0, Math.min(chunk.length, Math.max(0, MAX_ERROR_BODY_BYTES - out.size())));
                                    return out;
                                })
                                .defaultIfEmpty(new ByteArrayOutputStream())
                                .flatMapMany(out -> Flux.<SinkRecord>error(refused(status, out.toByteArray())));
                    }
                    liveness.onAnswer(nanoClock.getAsLong());
                    listener.answered(this);
                    Flux<byte[]> chunks = body.asByteArray()
                            .doOnRequest(n -> liveness.onRequest(n, nanoClock.getAsLong()))
                            .doOnNext(chunk -> liveness.onBytes(nanoClock.getAsLong()));
                    return SseDecoder.events(chunks, maxEventBytes)
                            .<SinkRecord>handle((event, sink) -> {
                                SinkRecord record = record(event, metaMessages, listener);
                                if (record != null) {
                                    received.increment();
                                    sink.next(record);
                                }
                            });
                }))
                .takeUntilOther(stop.asMono())
                .doOnError(e -> listener.ended(this, e))
                .doOnComplete(() -> listener.ended(this, null))
                .onErrorResume(e -> Mono.empty());
    }

    private SinkRecord record(SseEvent event, boolean metaMessages, Listener listener) {
        String data = event.text();
        if (PING.equals(data)) {
            return null;
        }
        if (metaMessages && data.startsWith(META_PREFIX)) {
            try {
                JsonNode meta = JSON.readTree(data);
                listener.dropped(this, meta.path("dropped").asLong());
                return null;
            } catch (IOException notMeta) {
                // a record that merely looks like one
            }
        }
        return new SinkRecord(data, worker, id);
    }

    private WeirClientException refused(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                text = node.get("error").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text
        }
        return new WeirClientException(status, "sink " + worker + " refused the subscription with " + status + ": " + text);
    }
}
