package io.weir.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.model.FailureKind;
import io.weir.transport.tls.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls the master's agent-facing actions, {@code POST {master}/api/v1/resourceClusters/{cluster}/actions/{action}}.
 * Calls block the caller until the answer or the timeout, so they run on the agent's own threads (never an event loop).
 * A registration presents the cluster secret, every other call the session credential the registration returned.
 * Thread-safe; owns a small connection pool released by {@link #close()}.
 */
final class MasterClient implements AutoCloseable {

    /** The master's answer: a status and the body's bytes. */
    record Answer(int status, byte[] body) {

        boolean ok() {
            return status / 100 == 2;
        }

        String text() {
            String t = new String(body, StandardCharsets.UTF_8);
            return t.length() > 300 ? t.substring(0, 300) + "..." : t;
        }
    }

    private final String masterUrl;
    private final String actionsUrl;
    private final ObjectMapper json;
    private final Duration timeout;
    private final ConnectionProvider connections;
    private final HttpClient http;

    /** Shorter than the master's default request-head timeout (10 s), so the agent never reuses a connection the master is closing. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    static final String REGISTER = "registerTaskExecutor";

    private final io.weir.core.security.ClusterSecret secret;
    private volatile String session;

    MasterClient(String masterUrl, String cluster, String agentName, ObjectMapper json, Duration timeout,
                 io.weir.core.security.ClusterSecret secret, TlsConfig tls) {
        this.secret = secret;
        this.masterUrl = masterUrl;
        this.actionsUrl = masterUrl + "/api/v1/resourceClusters/" + cluster + "/actions/";
        this.json = json;
        this.timeout = timeout;
        this.connections = ConnectionProvider.builder("weir-agent-" + agentName).maxConnections(4)
                .pendingAcquireTimeout(timeout).maxIdleTime(IDLE).build();
        this.http = tls.applyTo(HttpClient.create(connections)).responseTimeout(timeout)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    }

    /**
     * Posts {@code body} as JSON to {@code action}; throws {@link MasterUnreachableException} when no answer came
     * (connection refused, timeout).
     */
    Answer post(String action, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + body.getClass().getSimpleName() + " as JSON", e);
        }
        try {
            String credential = action.equals(REGISTER) ? (secret == null ? null : secret.value()) : session;
            Answer answer = http.headers(h -> {
                        if (credential != null) {
                            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + credential);
                        }
                    }).post().uri(actionsUrl + action)
                    .send(ByteBufMono.fromString(Mono.just(new String(bytes, StandardCharsets.UTF_8))))
                    .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                            .map(b -> new Answer(res.status().code(), b)))
                    .block(timeout.plusMillis(500));
            if (answer == null) {
                throw new MasterUnreachableException("no answer from " + actionsUrl + action);
            }
            return answer;
        } catch (MasterUnreachableException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            String why = cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Timeout on blocking read")
                    || cause instanceof io.netty.handler.timeout.ReadTimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms" : describe(cause);
            throw new MasterUnreachableException(actionsUrl + action + ": " + why);
        }
    }

    /**
     * Streams the jar the master stores as {@code master:<sha256>} into {@code target} with the session credential, at
     * most {@code maxBytes}; returns the jar's SHA-256 as received. Blocking.
     */
    String fetchArtifact(String artifact, String sha256, Path target, long maxBytes) throws WorkerLoadException {
        String url = masterUrl + "/api/v1/artifacts/" + sha256;
        String credential = session;
        Iterator<Object> parts = http.headers(h -> {
                    if (credential != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + credential);
                    }
                }).get().uri(url)
                .response((res, body) -> res.status().code() == 200
                        ? body.asByteArray().map(b -> (Object) b)
                        : body.aggregate().asByteArray().defaultIfEmpty(new byte[0]).map(b -> (Object) new Answer(res.status().code(), b)))
                .toIterable(16).iterator();
        try {
            if (parts.hasNext()) {
                Object first = parts.next();
                if (first instanceof Answer refused) {
                    var kind = refused.status() == 404 ? FailureKind.PERMANENT : FailureKind.TRANSIENT;
                    throw new WorkerLoadException("artifact '" + artifact + "' could not be fetched from the master: HTTP " + refused.status()
                            + " " + error(refused), null, kind);
                }
                var rest = new SequenceInputStream(new ByteArrayInputStream((byte[]) first), chunks(parts));
                return DigestingCopy.copy(rest, target, maxBytes, () -> { });
            }
            return DigestingCopy.copy(InputStream.nullInputStream(), target, maxBytes, () -> { });
        } catch (DigestingCopy.TooLargeException e) {
            throw new WorkerLoadException("artifact '" + artifact + "' is over the limit of " + maxBytes
                    + " bytes (raise WEIR_ARTIFACT_MAX_BYTES on the agents if it is meant to be this large)");
        } catch (IOException | RuntimeException e) {
            throw new WorkerLoadException("artifact '" + artifact + "' could not be fetched from " + url + ": "
                    + describe(reactor.core.Exceptions.unwrap(e)), e, FailureKind.TRANSIENT);
        } finally {
            if (parts instanceof reactor.core.Disposable d) {
                d.dispose();
            }
        }
    }

    private static InputStream chunks(Iterator<Object> parts) {
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return parts.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream((byte[]) parts.next());
            }
        });
    }

    /** Presents {@code credential} (from the master's answer to a registration; null: none) on calls other than registering. */
    void session(String credential) {
        this.session = credential;
    }

    /** The session credential in the answer to a registration, or null when it has none. */
    String sessionOf(Answer answer) {
        try {
            var node = json.readTree(answer.body());
            return node != null && node.path("session").isTextual() ? node.get("session").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The {@code error} sentence of an answer, or its text when it has none. */
    String error(Answer answer) {
        try {
            var node = json.readTree(answer.body());
            if (node != null && node.path("error").isTextual()) {
                return node.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: the text below
        }
        return answer.text();
    }

    /** Reads an answer's body as {@code type}. */
    <T> T read(Answer answer, Class<T> type) throws IOException {
        return json.readValue(answer.body(), type);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(2));
    }

    /** The master did not answer: it is down, unreachable or too slow. */
    static final class MasterUnreachableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MasterUnreachableException(String message) {
            super(message, null, false, false);
        }
    }
}
