package io.weir.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.MasterUnavailableException;
import io.weir.client.WeirClientConfig;
import io.weir.client.WeirClientException;
import io.weir.core.json.Json;
import io.weir.transport.tls.TlsConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * JSON over HTTP with the master: one pooled reactor-netty client, bounded response bodies, and every failure turned
 * into a {@link WeirClientException} (4xx, with the master's sentence) or a {@link MasterUnavailableException} (5xx,
 * unreachable, timed out). Thread-safe; nothing here blocks.
 */
public final class MasterHttp implements AutoCloseable {

    /** A status and the raw body of an answer. */
    public record Response(int status, byte[] body) {
    }

    private final WeirClientConfig config;
    private final ConnectionProvider pool;
    private final HttpClient rest;
    private final HttpClient streams;
    private final ObjectMapper json = Json.lenient();
    private final TlsConfig tls;

    public MasterHttp(WeirClientConfig config) {
        this(config, TlsConfig.disabled());
    }

    /** As above, trusting the master (and sink workers) as {@code tls} says on {@code https://} URLs. */
    public MasterHttp(WeirClientConfig config, TlsConfig tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.pool = ConnectionProvider.builder("weir-client").maxConnections(64).pendingAcquireMaxCount(1024)
                .maxIdleTime(Duration.ofSeconds(30)).build();
        HttpClient base = tls.applyTo(HttpClient.create(pool)).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeoutMillis())
                .headers(h -> {
                    if (config.token() != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + config.token());
                    }
                });
        this.rest = base.responseTimeout(Duration.ofMillis(config.requestTimeoutMillis()));
        this.streams = base;
    }

    public WeirClientConfig config() {
        return config;
    }

    /** The TLS settings of this client's connections. */
    public TlsConfig tls() {
        return tls;
    }

    /** {@code https} or {@code http}, as the master's URL; sink workers are reached the same way. */
    public String scheme() {
        return config.masterUrl().substring(0, config.masterUrl().indexOf(':'));
    }

    public ObjectMapper json() {
        return json;
    }

    /** The client for long-lived streams: no response timeout, the caller watches for silence. */
    public HttpClient streams() {
        return streams;
    }

    /** {@code base + path}, with each query value URL-encoded; null values are left out. */
    public String url(String path, Map<String, String> query) {
        var joiner = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                joiner.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return config.masterUrl() + path + joiner;
    }

    /** One path segment, URL-encoded. */
    public static String segment(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "value"), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends a request and answers its status and body, whatever the status; fails only if no answer arrived. */
    public Mono<Response> exchange(HttpMethod method, String url, Object body) {
        return exchange(method, url, body, Map.of());
    }

    /** As {@link #exchange(HttpMethod, String, Object)}, sending these extra headers. */
    public Mono<Response> exchange(HttpMethod method, String url, Object body, Map<String, String> headers) {
        byte[] bytes = body == null ? null : write(body);
        var request = rest.headers(h -> {
            if (bytes != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
            headers.forEach(h::set);
        }).request(method).uri(url);
        var sent = bytes == null ? request : request.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)));
        return sent.response((res, content) -> {
                    long length = res.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
                    if (length > config.maxResponseBytes()) {
                        return Mono.error(new BoundedBody.BodyTooLargeException(config.maxResponseBytes()));
                    }
                    return content.asByteArray()
                            .reduceWith(() -> new BoundedBody(config.maxResponseBytes()), BoundedBody::append)
                            .map(BoundedBody::bytes)
                            .defaultIfEmpty(new byte[0])
                            .map(b -> new Response(res.status().code(), b));
                })
                .single()
                .timeout(Duration.ofMillis(config.requestTimeoutMillis()))
                .onErrorMap(e -> !(e instanceof WeirClientException), e -> failure(method, url, e));
    }

    /**
     * POSTs {@code file} as the body, streamed from disk with its length declared (so a server may refuse it before it
     * is sent), and answers the status and body whatever the status.
     */
    public Mono<Response> postFile(String url, java.nio.file.Path file, String contentType) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            return Mono.error(new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e));
        }
        return rest.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, contentType).set(HttpHeaderNames.CONTENT_LENGTH, size)).post().uri(url)
                .send((req, out) -> out.sendFile(file))
                .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(b -> new Response(res.status().code(), b)))
                .onErrorMap(e -> !(e instanceof WeirClientException), e -> failure(HttpMethod.POST, url, e));
    }

    /** Sends a request and reads a 2xx answer as {@code type}; other statuses fail with the master's sentence. */
    public <T> Mono<T> call(HttpMethod method, String url, Object body, Class<T> type) {
        return call(method, url, body, json.constructType(type));
    }

    /** As {@link #call(HttpMethod, String, Object, Class)} for a generic type. */
    public <T> Mono<T> call(HttpMethod method, String url, Object body, JavaType type) {
        return exchange(method, url, body).map(res -> read(res, type));
    }

    /** Reads a 2xx answer as {@code type}; other statuses become the exception {@link #failure(int, byte[])} makes. */
    public <T> T read(Response res, Class<T> type) {
        return read(res, json.constructType(type));
    }

    /** Reads the {@code list} of a {@code {"list": [...]}} answer as a list of {@code element}. */
    public <T> Mono<List<T>> list(String url, Class<T> element) {
        JavaType listType = json.getTypeFactory().constructCollectionType(List.class, element);
        return call(HttpMethod.GET, url, null, JsonNode.class).map(node -> {
            JsonNode list = node.get("list");
            if (list == null || !list.isArray()) {
                throw new WeirClientException(200, "unexpected answer from the master at " + url + ": no \"list\" array");
            }
            return json.convertValue(list, listType);
        });
    }

    private <T> T read(Response res, JavaType type) {
        if (res.status() >= 200 && res.status() < 300) {
            try {
                return json.readValue(res.body(), type);
            } catch (IOException e) {
                throw new WeirClientException(res.status(), "unreadable answer from the master: " + e.getMessage(), e);
            }
        }
        throw failure(res.status(), res.body());
    }

    /** The exception for a non-2xx answer: the master's {@code {"error"}} sentence, or the body's start. */
    public WeirClientException failure(int status, byte[] body) {
        String message = errorSentence(body);
        if (status >= 500) {
            return new MasterUnavailableException(status, "the master at " + config.masterUrl() + " answered " + status + ": " + message, null);
        }
        return new WeirClientException(status, message);
    }

    private String errorSentence(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                return node.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no message)" : text.substring(0, Math.min(text.length(), 500));
    }

    private WeirClientException failure(HttpMethod method, String url, Throwable e) {
        if (e instanceof TimeoutException) {
            return new MasterUnavailableException(0, method + " " + url + ": no answer within " + config.requestTimeoutMillis()
                    + " ms (is the master overloaded? raise requestTimeoutMillis if calls are expected to take longer)", e);
        }
        if (e instanceof BoundedBody.BodyTooLargeException) {
            return new WeirClientException(0, method + " " + url + ": " + e.getMessage(), e);
        }
        return new MasterUnavailableException(0, "cannot reach the master at " + config.masterUrl() + " (" + method + " " + url
                + "): " + describe(e) + "; is it running and is the URL right?", e);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
