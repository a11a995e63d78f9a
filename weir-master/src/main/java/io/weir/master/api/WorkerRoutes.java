package io.weir.master.api;

import io.weir.core.model.WorkerEvent;
import java.util.List;
import java.util.Map;
import io.weir.master.security.Authenticator;
import io.weir.master.security.Principal;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /api/v1/workerEvents}: heartbeats and state reports of many workers in one call, each answered. Events sent
 * with an agent's session credential count only for workers placed on that agent; an admin's are not tied to an agent.
 * A service worker's load, in an accepted event, goes to the director.
 */
final class WorkerRoutes {

    /** A batch of worker events. */
    record WorkerEvents(List<WorkerEvent> events) {
    }

    private final ControlPlane cp;
    private final JsonExchange http;
    private final WorkerEventChecks checks = new WorkerEventChecks(io.weir.core.json.Json.lenient());

    private final Authenticator authenticator;

    WorkerRoutes(ControlPlane cp, JsonExchange http, Authenticator authenticator) {
        this.cp = cp;
        this.http = http;
        this.authenticator = authenticator;
    }

    void register(HttpServerRoutes routes) {
        routes.post("/api/v1/workerEvents", http.route((req, body) -> {
            var batch = http.parse(body, WorkerEvents.class);
            if (batch.events() == null) {
                throw new HttpStatusException(400, "events: missing (expected: a list of worker events)");
            }
            checks.check(batch.events());
            String agent = authenticator.identify(req) instanceof Principal.Agent a ? a.id() : null;
            return cp.onLoop(() -> cp.jobs().onWorkerEvents(batch.events(), agent)).map(results -> {
                cp.director().reportAccepted(batch.events(), results);
                return Reply.ok(Map.of("results", results));
            });
        }));
    }
}
