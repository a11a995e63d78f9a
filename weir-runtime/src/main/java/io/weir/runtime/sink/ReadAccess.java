package io.weir.runtime.sink;

import io.weir.core.security.JobTokens;
import java.util.List;

/**
 * Who may read a sink: anyone when it has no read token, else a request with {@code Authorization: Bearer <token>} or,
 * for browsers' {@code EventSource}, {@code ?token=<token>}; compared in constant time.
 */
final class ReadAccess {

    private static final String BEARER = "Bearer ";

    private final String token;
    private final String where;

    /** Access with {@code token} (a sink token {@code ws1.<jobId>.<mac>}, or null for open access). */
    ReadAccess(String token) {
        this.token = token;
        this.where = "GET /api/v1/jobs/" + jobOf(token) + "/sinkToken on the master";
    }

    /** Why a request with this {@code Authorization} header and {@code token} parameter may not read, or null if it may. */
    String denied(String authorization, List<String> tokenParam) {
        if (token == null) {
            return null;
        }
        String given;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return "Authorization: expected Bearer <sink token> (get the token from " + where + ")";
            }
            given = authorization.substring(BEARER.length()).trim();
        } else if (tokenParam != null && !tokenParam.isEmpty()) {
            given = tokenParam.get(0);
        } else {
            return "this sink needs its job's sink token: send Authorization: Bearer <token>, or ?token=<token> from a browser"
                    + " (get it from " + where + ")";
        }
        return JobTokens.same(token, given) ? null : "the sink token is not this job's (get it from " + where + ")";
    }

    private static String jobOf(String token) {
        if (token == null || !token.startsWith("ws1.") || token.lastIndexOf('.') <= 4) {
            return "{jobId}";
        }
        return token.substring(4, token.lastIndexOf('.'));
    }
}
