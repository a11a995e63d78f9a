package io.weir.transport.rpc.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.weir.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The NATS request plane's settings: the server ({@code WEIR_NATS_URL}), the subject prefix
 * ({@code WEIR_NATS_SUBJECT_PREFIX}), this process's service ({@code WEIR_NATS_SERVICE}, the queue group
 * its workers share) and how long a caller waits for the worker's acknowledgment and call-home stream
 * ({@code WEIR_NATS_REQUEST_TIMEOUT_MS}), and the token the server may require ({@code WEIR_NATS_TOKEN}; null: none;
 * never shown by {@link #toString()}).
 */
public record NatsSettings(String url, String subjectPrefix, String service, Duration requestTimeout, String token) {

    /** One subject token: no dots, spaces or wildcards. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]+");
    /** Dot-separated tokens. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    /** How soon jnats tries again after losing the server. */
    static final Duration RECONNECT_WAIT = Duration.ofMillis(100);

    /** {@code nats://127.0.0.1:4222}, {@code weir.rpc}, service {@code weir}, 5 s. */
    public static final NatsSettings DEFAULTS = new NatsSettings("nats://127.0.0.1:4222", "weir.rpc", "weir",
            Duration.ofSeconds(5), null);

    /** Settings without a token. */
    public NatsSettings(String url, String subjectPrefix, String service, Duration requestTimeout) {
        this(url, subjectPrefix, service, requestTimeout, null);
    }

    public NatsSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!validSubject(subjectPrefix)) {
            throw new IllegalArgumentException("subjectPrefix: " + subjectPrefix
                    + " (expected: dot-separated tokens of letters, digits, - and _)");
        }
        if (!validToken(service)) {
            throw new IllegalArgumentException("service: " + service + " (expected: letters, digits, - and _)");
        }
        token = token == null || token.isBlank() ? null : token.strip();
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
        }
    }

    /** True when {@code prefix} is usable as {@code WEIR_NATS_SUBJECT_PREFIX}. */
    public static boolean validSubject(String prefix) {
        return prefix != null && SUBJECT.matcher(prefix).matches();
    }

    /** True when {@code token} is one subject token (a service name or worker id). */
    public static boolean validToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** The same settings for another service. */
    public NatsSettings withService(String other) {
        return new NatsSettings(url, subjectPrefix, other, requestTimeout, token);
    }

    /** The subject the service's workers share (queue group = the service): {@code prefix.service}. */
    public String serviceSubject() {
        return subjectPrefix + "." + service;
    }

    /** The subject only one worker listens on: {@code prefix.service.worker.id}. */
    public String workerSubject(String workerId) {
        return serviceSubject() + ".worker." + workerId;
    }

    @Override
    public String toString() {
        return "NatsSettings[url=" + url + ", subjectPrefix=" + subjectPrefix + ", service=" + service + ", requestTimeout="
                + requestTimeout + ", token=" + (token == null ? "none" : "(set)") + "]";
    }

    /**
     * Connects to {@link #url()}: reconnects forever after losing the server, reports "no responders" so a
     * request nobody subscribes to fails at once, and times requests out with {@code TimeoutException}.
     */
    public Connection connect(String connectionName) {
        Options.Builder builder = Options.builder()
                .server(url)
                .connectionName(connectionName)
                .connectionTimeout(requestTimeout)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .reconnectJitter(Duration.ofMillis(10))
                .reportNoResponders()
                .useTimeoutException(); // a request timing out is a TimeoutException, not a cancellation
        if (token != null) {
            builder.token(token.toCharArray());
        }
        try {
            return Nats.connect(builder.build());
        } catch (IOException e) {
            boolean refused = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("authorization");
            throw new TransportException("cannot connect to the NATS server at " + url + " (WEIR_NATS_URL): "
                    + e.getMessage() + (refused ? (token == null ? " (the server wants a token: set WEIR_NATS_TOKEN)"
                            : " (it refuses this WEIR_NATS_TOKEN)") : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while connecting to the NATS server at " + url, e);
        }
    }
}
