package io.weir.master.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weir.core.json.JsonErrors;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.master.job.ConflictException;
import io.weir.master.job.NotFoundException;
import io.weir.master.store.StoreException;
import io.weir.transport.http.HttpServerLimits;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps what a handler threw to a status and one readable sentence; stack traces go to the log, never to the client. */
final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static Reply toReply(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return switch (e) {
            case HttpStatusException h -> Reply.error(h.status(), h.getMessage());
            case io.weir.master.registry.RegistryException r -> Reply.error(r.status(), r.code(), r.getMessage());
            case InvalidDefinitionException i -> Reply.error(400, i.getMessage());
            case JsonProcessingException j -> Reply.error(400, JsonErrors.describe(j));
            case NotFoundException n -> Reply.error(404, n.getMessage());
            case io.weir.master.director.NoWorkerException w -> Reply.error(503, "no_worker", w.getMessage());
            case ConflictException c -> Reply.error(409, c.getMessage());
            case io.weir.master.loop.LoopClosedException c -> Reply.error(503, c.getMessage());
            case io.weir.master.store.StoreFencedException f -> {
                log.error("Fenced: {}", f.getMessage());
                yield Reply.error(503, f.getMessage());
            }
            case io.netty.channel.ChannelException c when HttpServerLimits.isBodyTimeout(c) -> Reply.error(408, "the request body did not arrive in time (WEIR_MASTER_HTTP_BODY_TIMEOUT_MS); "
                    + "send the whole body right after the headers");
            case StoreException s -> {
                log.error("Store failure", s);
                yield Reply.error(503, "the store is unavailable, nothing was changed; retry shortly (" + s.getMessage() + ")");
            }
            default -> {
                log.error("Unexpected failure handling a request", e);
                yield Reply.error(500, "internal error: " + e.getClass().getSimpleName() + " (details are in the master's log)");
            }
        };
    }
}
