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

    @Override
    void close();
}
