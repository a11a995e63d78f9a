package io.weir.master.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.master.discovery.SlowSubscriberException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/** Sends a stream of pre-serialized SSE frames; a subscriber dropped for not reading has its connection closed. */
final class SseResponses {

    private SseResponses() {
    }

    static Mono<Void> send(HttpServerResponse res, Flux<byte[]> frames) {
        return res.sse()
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .send(frames.map(Unpooled::wrappedBuffer), b -> true)
                .then()
                .onErrorResume(SlowSubscriberException.class, e -> Mono.fromRunnable(() -> res.withConnection(Connection::dispose)));
    }
}
