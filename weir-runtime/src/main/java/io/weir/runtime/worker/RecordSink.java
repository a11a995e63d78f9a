package io.weir.runtime.worker;

/** Where the last stage's records go: serialized as JSON and served to consumers. */
interface RecordSink extends AutoCloseable {

    /** Hands one record to the sink; never blocks. */
    void publish(Object record);

    /** The bound port consumers connect to. */
    int port();

    @Override
    void close();
}
