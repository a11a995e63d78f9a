package io.weir.master.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.model.ArtifactPolicy;
import io.weir.master.artifact.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /api/v1/artifacts} (admin; the body is the jar) stores a job's jar and answers its {@code artifact} name,
 * {@code master:<sha256>}; {@code GET /api/v1/artifacts/{sha256}} serves it to agents (their session credential) and
 * read tokens.
 */
final class ArtifactRoutes {

    private final ArtifactStore store;
    private final JsonExchange http;

    ArtifactRoutes(ArtifactStore store, JsonExchange http) {
        this.store = store;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.post("/api/v1/artifacts", (req, res) -> upload(req).onErrorResume(e -> Mono.just(ErrorMapper.toReply(e)))
                .flatMap(reply -> http.send(reply.status() >= 400 ? res.keepAlive(false) : res, reply)));
        routes.get("/api/v1/artifacts/{sha256}", (req, res) -> {
            var file = store.find(req.param("sha256"));
            if (file == null) {
                return http.send(res, Reply.error(404, "no artifact with SHA-256 '" + req.param("sha256") + "' on this master (upload the"
                        + " jar: weir clusters create FILE --artifact JAR, or POST /api/v1/artifacts)"));
            }
            try {
                long size = Files.size(file);
                return res.header(HttpHeaderNames.CONTENT_TYPE, "application/java-archive")
                        .header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(size)).sendFile(file);
            } catch (java.io.IOException e) {
                return http.send(res, Reply.error(500, "cannot read the stored artifact: " + e.getMessage()));
            }
        });
    }

    private Mono<Reply> upload(HttpServerRequest req) {
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > store.maxBytes()) {
            return Mono.error(new HttpStatusException(413, store.tooLargeMessage(Long.parseLong(length.trim()))));
        }
        return Mono.fromCallable(() -> {
            Iterator<byte[]> chunks = req.receive().asByteArray().toIterable(16).iterator();
            try (InputStream body = new SequenceInputStream(streams(chunks))) {
                var stored = store.store(body);
                if (stored.bytes() == 0) {
                    throw new HttpStatusException(400, "body: empty (expected: the job's jar)");
                }
                return new Reply(stored.existed() ? 200 : 201, Map.of("artifact", ArtifactPolicy.MASTER_SCHEME + stored.sha256(),
                        "sha256", stored.sha256(), "bytes", stored.bytes()));
            } catch (ArtifactStore.TooLargeException e) {
                throw new HttpStatusException(413, e.getMessage());
            } finally {
                if (chunks instanceof Disposable d) {
                    d.dispose();
                }
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static Enumeration<InputStream> streams(Iterator<byte[]> chunks) {
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return chunks.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(chunks.next());
            }
        };
    }
}
