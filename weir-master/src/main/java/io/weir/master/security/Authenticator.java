package io.weir.master.security;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weir.core.security.JobTokens;
import reactor.netty.http.server.HttpServerRequest;

/** Tells who presented a request's {@code Authorization: Bearer} credential. Thread-safe. */
public final class Authenticator {

    private final Credentials credentials;
    private final AgentSessions sessions;
    private final JobTokens jobTokens;

    public Authenticator(Credentials credentials, AgentSessions sessions) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.jobTokens = credentials.jobTokens();
    }

    public boolean enabled() {
        return credentials.enabled();
    }

    /** Who sent {@code request}: {@link Principal.Anyone} when authentication is off, null when nobody we know. */
    public Principal identify(HttpServerRequest request) {
        if (!enabled()) {
            return new Principal.Anyone();
        }
        return identify(bearer(request));
    }

    /** Who {@code token} belongs to, or null. */
    Principal identify(String token) {
        if (token == null) {
            return null;
        }
        Principal user = credentials.users().find(token);
        if (user != null) {
            return user;
        }
        Principal agent = sessions.find(token);
        if (agent != null) {
            return agent;
        }
        String job = jobTokens.jobOf(token);
        if (job != null) {
            return new Principal.Job(job);
        }
        return credentials.clusterSecret().matches(token) ? new Principal.ClusterMember() : null;
    }

    /** The bearer token of {@code request}, or null when it has none. */
    static String bearer(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
