package io.weir.master.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.executor.WorkerAssignment;
import io.weir.transport.tls.TlsConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Talks to agents over HTTP: assigns workers (retried) and stops them, presenting the cluster secret's agent key when
 * there is one. Non-blocking; safe from any thread.
 */
public final class AgentClient implements AgentGateway {

    /** Attempts per assignment before the worker is reported launch-failed. */
    static final int ASSIGN_ATTEMPTS = 3;

    private final HttpClient http;
    private final ObjectMapper json;

    public AgentClient(ObjectMapper json) {
        this(json, null, TlsConfig.disabled());
    }

    /**
     * A client that authenticates to agents with {@code secret}'s agent key (null: no credential) and trusts their
     * certificates as {@code tls} says when their URLs are {@code https://}.
     */
    public AgentClient(ObjectMapper json, io.weir.core.security.ClusterSecret secret, TlsConfig tls) {
        this.json = json;
        this.http = tls.applyTo(HttpClient.create()).responseTimeout(Duration.ofSeconds(5))
                .headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    if (secret != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret.agentKey());
                    }
                });
    }

    /** Sends an assignment, retrying twice with a short backoff; completes exceptionally when every attempt failed. */
    @Override
    public CompletableFuture<Void> assign(String agentUrl, WorkerAssignment assignment) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(assignment);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.post().uri(agentUrl + "/api/v1/workers")
                .send(ByteBufFlux.fromString(Mono.just(new String(body, StandardCharsets.UTF_8))))
                .responseSingle((res, content) -> res.status().code() / 100 == 2
                        ? Mono.<Void>empty()
                        : content.asString().defaultIfEmpty("").flatMap(text -> Mono.<Void>error(
                                new IllegalStateException("agent answered " + res.status().code() + " " + text))))
                .retryWhen(Retry.backoff(ASSIGN_ATTEMPTS - 1, Duration.ofMillis(100)))
                .toFuture().thenApply(v -> null);
    }

    /** An agent's answer: its status and body. */
    public record AgentReply(int status, byte[] body) {
    }

    /** Fetches the last {@code tail} lines of a worker process's log from its agent; completes exceptionally when the agent cannot be reached. */
    public CompletableFuture<AgentReply> workerLog(String agentUrl, String jobId, int workerNumber, int tail) {
        return http.get().uri(agentUrl + "/api/v1/workers/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8) + "/" + workerNumber
                        + "/logs?tail=" + tail)
                .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> new AgentReply(res.status().code(), bytes)))
                .toFuture();
    }

    /** Asks an agent to stop a worker; failures are ignored (the agent's heartbeat reconciles). */
    @Override
    public void stop(String agentUrl, String jobId, int workerNumber) {
        http.delete().uri(agentUrl + "/api/v1/workers/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8) + "/" + workerNumber)
                .responseSingle((res, content) -> Mono.just(res.status().code()))
                .retryWhen(Retry.backoff(1, Duration.ofMillis(100)))
                .subscribe(code -> { }, error -> { });
    }
}
