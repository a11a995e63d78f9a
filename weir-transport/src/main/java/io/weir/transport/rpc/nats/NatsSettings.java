package io.weir.transport.rpc.nats;

import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.weir.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The NATS request plane's settings: the server ({@code WEIR_NATS_URL}), the subject prefix
 * ({@code WEIR_NATS_SUBJECT_PREFIX}), this process's service ({@code WEIR_NATS_SERVICE}, the queue group
 * its workers share) and how long a caller waits for the worker's acknowledgment and call-home stream
 * ({@code WEIR_NATS_REQUEST_TIMEOUT_MS}), and how this process proves itself to the server: a token
 * ({@code WEIR_NATS_TOKEN}; null: none; never shown by {@link #toString()}) or a credentials file
 * ({@code WEIR_NATS_CREDS}: a user JWT and NKey seed, or an NKey seed alone), and the TLS context of {@code tls://} URLs
 * (null: the JDK's defaults).
 */
public record NatsSettings(String url, String subjectPrefix, String service, Duration requestTimeout, String token,
                           Path credentials, SSLContext tls) {

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

    /** Settings with a token (or none), no credentials file, default TLS. */
    public NatsSettings(String url, String subjectPrefix, String service, Duration requestTimeout, String token) {
        this(url, subjectPrefix, service, requestTimeout, token, null, null);
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
        return new NatsSettings(url, subjectPrefix, other, requestTimeout, token, credentials, tls);
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
                + requestTimeout + ", token=" + (token == null ? "none" : "(set)") + ", credentials="
                + (credentials == null ? "none" : credentials) + ", tls=" + (tls == null ? "default" : "configured") + "]";
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
        if (credentials != null) {
            builder.authHandler(authHandler());
        }
        if (tls != null && url.startsWith("tls://")) {
            builder.sslContext(tls);
        }
        try {
            return Nats.connect(builder.build());
        } catch (IOException e) {
            boolean refused = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("authorization");
            throw new TransportException("cannot connect to the NATS server at " + url + " (WEIR_NATS_URL): "
                    + e.getMessage() + (refused ? refusal() : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while connecting to the NATS server at " + url, e);
        }
    }

    /**
     * The credentials file's handler: an nsc {@code .creds} file (a user JWT and its NKey seed) signs with the seed and
     * sends the JWT; any other file holds an NKey seed alone (a server that lists user nkeys).
     */
    AuthHandler authHandler() {
        try {
            boolean withJwt = Files.readString(credentials).contains("BEGIN NATS USER JWT");
            return withJwt ? Nats.credentials(credentials.toString()) : Nats.credentials(null, credentials.toString());
        } catch (IOException e) {
            throw new TransportException("WEIR_NATS_CREDS: cannot read " + credentials + ": " + e.getMessage(), e);
        }
    }

    private String refusal() {
        if (credentials != null) {
            return " (it refuses the credentials in WEIR_NATS_CREDS=" + credentials + ")";
        }
        return token == null ? " (the server wants credentials: set WEIR_NATS_TOKEN or WEIR_NATS_CREDS)"
                : " (it refuses this WEIR_NATS_TOKEN)";
    }
}
