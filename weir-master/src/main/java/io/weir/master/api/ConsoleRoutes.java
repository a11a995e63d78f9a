package io.weir.master.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The web console: {@code GET /} and {@code GET /console/<file>}, a fixed set of files read from the master's jar at
 * start (so no path can name anything else), revalidated by ETag, with a content security policy that allows nothing
 * but this origin.
 */
final class ConsoleRoutes {

    /** The console's files under {@code io/weir/master/console/}, with their content types. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "sse.js", "text/javascript; charset=utf-8",
            "dom.js", "text/javascript; charset=utf-8",
            "pages.js", "text/javascript; charset=utf-8",
            "topology.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final JsonExchange http;

    ConsoleRoutes(JsonExchange http) {
        this.http = http;
        FILES.forEach((name, type) -> assets.put(name, load(name, type)));
    }

    void register(HttpServerRoutes routes) {
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> index =
                http.bodiless((req, res) -> send(req, res, assets.get("index.html")));
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> file = http.bodiless((req, res) -> {
            Asset asset = assets.get(req.param("file"));
            return asset != null ? send(req, res, asset)
                    : http.send(res, Reply.error(404, "no such console file: " + req.path()));
        });
        routes.get("/", index).head("/", index); // HEAD: the same headers, no body (reactor-netty drops it)
        routes.get("/console/{file}", file).head("/console/{file}", file);
    }

    private static Mono<Void> send(HttpServerRequest req, HttpServerResponse res, Asset asset) {
        res.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header(HttpHeaderNames.ETAG, asset.etag())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", POLICY);
        if (asset.etag().equals(req.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH))) {
            return res.status(HttpResponseStatus.NOT_MODIFIED).send().then();
        }
        return res.header(HttpHeaderNames.CONTENT_TYPE, asset.contentType()).sendByteArray(Mono.just(asset.bytes())).then();
    }

    private static Asset load(String name, String type) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/io/weir/master/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + name + " is missing from the master's jar");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return new Asset(bytes, type, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
