package io.weir.runtime.connect;

/**
 * Hears connections join and leave a {@link DynamicConnectionSet}, to attach and detach their streams.
 * Called on the set's owner thread; must not block. Each connection is reported connected once and
 * disconnected at most once, in that order.
 *
 * @param <C> the connection type
 */
public interface ConnectionListener<C extends StageConnection> {

    /** {@code connection} is open and belongs to the set. */
    void onConnected(C connection);

    /**
     * {@code connection} left the set: lost (with its {@code cause}) or closed by the set because its endpoint
     * is gone or the set closed ({@code cause} null).
     */
    void onDisconnected(C connection, Throwable cause);
}
