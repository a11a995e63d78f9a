package io.weir.master.api;

import io.weir.core.model.WorkerEvent;
import java.util.List;
import java.util.Map;
import reactor.netty.http.server.HttpServerRoutes;

/** {@code POST /api/v1/workerEvents}: heartbeats and state reports of many workers in one call, each answered. */
final class WorkerRoutes {

    static final int MAX_EVENTS_PER_CALL = 10_000;

    /** A batch of worker events. */
    record WorkerEvents(List<WorkerEvent> events) {
    }

    private final ControlPlane cp;
    private final JsonExchange http;

    WorkerRoutes(ControlPlane cp, JsonExchange http) {
        this.cp = cp;
        this.http = http;
    }

    void register(HttpServerRoutes routes) {
        routes.post("/api/v1/workerEvents", http.route((req, body) -> {
            var batch = http.parse(body, WorkerEvents.class);
            if (batch.events() == null) {
                throw new HttpStatusException(400, "events: missing (expected: a list of worker events)");
            }
            if (batch.events().size() > MAX_EVENTS_PER_CALL) {
                throw new HttpStatusException(413, "events: " + batch.events().size() + " in one call (expected: at most " + MAX_EVENTS_PER_CALL + ")");
            }
            return cp.onLoop(() -> Reply.ok(Map.of("results", cp.jobs().onWorkerEvents(batch.events(), null))));
        }));
    }
}
