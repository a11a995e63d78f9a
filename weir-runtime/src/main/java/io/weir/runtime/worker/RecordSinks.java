package io.weir.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.json.Json;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;

/** Creates the sink a job's last stage serves. */
final class RecordSinks {

    private RecordSinks() {
    }

    /** An SSE sink bound to {@code host} at {@code port} (0 picks a free port); records are served as JSON. */
    static RecordSink sse(String host, int port, MeterRegistry metrics) {
        ObjectMapper json = Json.lenient();
        var server = SinkServer.start(SinkConfig.of(host, port), metrics);
        return new RecordSink() {
            @Override
            public void publish(Object record) {
                try {
                    server.publish(json.writeValueAsBytes(record));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("the sink cannot serialize a " + record.getClass().getName() + " as JSON", e);
                }
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
