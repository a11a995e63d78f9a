package io.weir.runtime.connect;

import java.util.concurrent.CompletionStage;

/**
 * Opens connections to endpoints, e.g. a subscribed stream over the TCP transport. Called on the owner
 * thread of the {@link DynamicConnectionSet}; must not block. The stage may complete on any thread.
 *
 * @param <C> the connection type the consumer attaches to
 */
@FunctionalInterface
public interface Connector<C extends StageConnection> {

    /**
     * Starts opening connection number {@code slot} (0 .. N-1) to {@code endpoint}; the stage fails with the
     * connect error. A synchronous exception counts as a failed attempt too.
     */
    CompletionStage<C> connect(Endpoint endpoint, int slot);
}
