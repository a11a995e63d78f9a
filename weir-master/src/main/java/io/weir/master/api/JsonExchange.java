package io.weir.master.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Reads bounded JSON request bodies and renders {@link Reply}s, mapping every failure to a JSON error. */
final class JsonExchange {

    /** A handler of a request whose body, if any, has been read in full. */
    @FunctionalInterface
    interface Handler {
        Mono<Reply> handle(HttpServerRequest request, byte[] body) throws Exception;
    }

    private final ObjectMapper strict;
    private final ObjectMapper writer;
    private final int maxBodyBytes;
    private final String overLimit;

    JsonExchange(ObjectMapper strict, ObjectMapper writer, int maxBodyBytes) {
        this(strict, writer, maxBodyBytes, "raise WEIR_MAX_REQUEST_BYTES if this is intended");
    }

    /** As above; {@code overLimit} says what to do about a body over the limit. */
    JsonExchange(ObjectMapper strict, ObjectMapper writer, int maxBodyBytes, String overLimit) {
        this.strict = strict;
        this.writer = writer;
        this.maxBodyBytes = maxBodyBytes;
        this.overLimit = overLimit;
    }

    /** The same exchange with a smaller body limit, for routes whose bodies are small. */
    JsonExchange limitedTo(int bytes, String overLimit) {
        return new JsonExchange(strict, writer, Math.min(bytes, maxBodyBytes), overLimit);
    }

    /** Adapts a handler to reactor-netty: reads the body (at most the limit), runs it, writes the reply. */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> route(Handler handler) {
        return (req, res) -> readBody(req)
                .flatMap(body -> {
                    try {
                        return handler.handle(req, body);
                    } catch (Exception e) {
                        return Mono.error(e);
                    }
                })
                .onErrorResume(e -> Mono.just(ErrorMapper.toReply(e)))
                .flatMap(reply -> send(res, reply));
    }

    /** {@code handler} for a route that reads no body, refusing with 413 a request that declares one over the limit. */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> bodiless(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> {
            String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            boolean over = length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > maxBodyBytes;
            return over ? send(res, ErrorMapper.toReply(tooLarge())) : handler.apply(req, res);
        };
    }

    Mono<Void> send(HttpServerResponse res, Reply reply) {
        if (reply.body() == null) {
            return res.status(HttpResponseStatus.valueOf(reply.status())).send().then();
        }
        byte[] bytes;
        try {
            bytes = writer.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            bytes = ("{\"error\":\"cannot render the response\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return res.status(HttpResponseStatus.valueOf(reply.status()))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendByteArray(Mono.just(bytes)).then();
    }

    private Mono<byte[]> readBody(HttpServerRequest req) {
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    return Mono.error(tooLarge());
                }
            } catch (NumberFormatException e) {
                return Mono.error(new HttpStatusException(400, "Content-Length: '" + length + "' is not a number"));
            }
        }
        return req.receive()
                .reduceWith(ByteArrayOutputStream::new, (out, buf) -> append(out, buf))
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuf buf) {
        int n = buf.readableBytes();
        if (out.size() + n > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] chunk = new byte[n];
        buf.readBytes(chunk);
        out.write(chunk, 0, n);
        return out;
    }

    private HttpStatusException tooLarge() {
        return new HttpStatusException(413, "request body is larger than " + maxBodyBytes + " bytes (" + overLimit + ")");
    }

    /** Parses a required JSON body into {@code type}, rejecting unknown fields. */
    <T> T parse(byte[] body, Class<T> type) throws java.io.IOException {
        if (body.length == 0) {
            throw new HttpStatusException(400, "body: missing (expected: a JSON object)");
        }
        T value = strict.readValue(body, type);
        if (value == null) {
            throw new HttpStatusException(400, "body: null (expected: a JSON object)");
        }
        return value;
    }

    /** Parses an optional JSON body; {@code fallback} when empty. */
    <T> T parseOptional(byte[] body, Class<T> type, T fallback) throws java.io.IOException {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return fallback;
        }
        return parse(body, type);
    }

    static String query(HttpServerRequest req, String name) {
        List<String> values = new QueryStringDecoder(req.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
