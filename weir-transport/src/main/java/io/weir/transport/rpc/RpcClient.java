package io.weir.transport.rpc;

import java.net.InetSocketAddress;

/** Sends requests over one transport. Thread-safe. */
public interface RpcClient extends AutoCloseable {

    /**
     * Sends {@code request} to the server at {@code target}; records flow to {@code listener} as far as
     * {@code initialCredit} and later {@link Call#request} allow. The first records may reach the listener before
     * this method returns the call.
     */
    Call call(InetSocketAddress target, RpcRequest request, long initialCredit, ResponseListener listener);

    /**
     * Connects to {@code target} ahead of a call that may come (a session's standby), so that call does not wait for a
     * connection; transports without a connection pool do nothing.
     */
    default void prepare(InetSocketAddress target) {
    }

    @Override
    void close();
}
