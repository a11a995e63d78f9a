package io.weir.transport.rpc;

/** An in-flight request, seen from the caller. Thread-safe. */
public interface Call {

    /** Lets the handler send {@code n} more records. */
    void request(long n);

    /** Asks the handler to finish gracefully; the response still ends with onEnd (or onError). */
    void stop();

    /** Aborts the request; the listener hears nothing more. */
    void kill();
}
