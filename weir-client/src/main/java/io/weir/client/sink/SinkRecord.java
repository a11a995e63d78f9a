package io.weir.client.sink;

import java.nio.charset.StandardCharsets;

/** One record from a sink: its payload (the JSON the job emitted), the worker that sent it and over which connection. */
public record SinkRecord(String payload, SinkWorker worker, String connectionId) {

    /** The payload as UTF-8 bytes. */
    public byte[] bytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
