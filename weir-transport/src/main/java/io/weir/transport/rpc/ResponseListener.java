package io.weir.transport.rpc;

import io.weir.transport.TransportException;

/** The caller's side of a response stream; called on a transport thread, one call at a time. */
public interface ResponseListener {

    /** One record of the response. */
    void onRecord(byte[] record);

    /** The response ended normally. */
    void onEnd();

    /** The response failed: the handler failed, the endpoint is unknown, or the connection was lost. */
    void onError(TransportException error);
}
