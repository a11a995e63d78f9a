package io.weir.transport.rpc;

/** Serves one endpoint. Called on a transport thread: start the work, never block in it. */
@FunctionalInterface
public interface RpcHandler {

    /**
     * Starts answering {@code request} through {@code response}; returns how to react to stop and kill.
     * Throwing fails the request with the exception's message.
     */
    ControlHandler handle(RpcRequest request, ResponseSink response);
}
