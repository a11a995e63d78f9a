package io.weir.runtime.connect;

import java.util.concurrent.CompletionStage;

/**
 * One open connection (in practice a subscribed stream) to an upstream {@link Endpoint}, as a
 * {@link Connector} made it. Implementations are thread-safe.
 */
public interface StageConnection extends AutoCloseable {

    /** The endpoint this connection reaches. */
    Endpoint endpoint();

    /**
     * Completes once the connection has ended: normally after {@link #close()}, exceptionally with the
     * cause when it was lost (peer gone, heartbeat missed, stream failed).
     */
    CompletionStage<Void> terminated();

    /** Closes the connection; idempotent, never throws. {@link #terminated()} completes afterwards. */
    @Override
    void close();
}
