package io.weir.master.api;

import io.weir.master.security.Authenticator;
import io.weir.master.security.Principal;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/** {@code GET /api/v1/session}: who the caller's token belongs to and its role, so a client knows what it may change. */
final class SessionRoutes {

    private final Authenticator authenticator;
    private final JsonExchange http;

    SessionRoutes(Authenticator authenticator, JsonExchange http) {
        this.authenticator = authenticator;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/api/v1/session", http.route((req, body) -> Mono.just(Reply.ok(switch (authenticator.identify(req)) {
            case Principal.User user -> Map.of("name", user.name(), "role", user.role().toString());
            case Principal.Anyone anyone -> Map.of("name", "anyone", "role", "admin", "authentication", "off");
            case null -> throw new HttpStatusException(401, "unknown token");
            default -> throw new HttpStatusException(403, "this credential is not a user's token");
        }))));
    }
}
