package io.weir.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.json.Json;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;
import io.weir.transport.tls.TlsConfig;

/** Creates the sink a job's last stage serves. */
final class RecordSinks {

    private RecordSinks() {
    }

    /** An SSE sink on every interface at {@code port} (0 picks a free port); records are served as JSON. */
    static RecordSink sse(int port, MeterRegistry metrics) {
        ObjectMapper json = Json.lenient();
        var server = SinkServer.start(SinkConfig.of("0.0.0.0", port), metrics, TlsConfig.fromProcess());
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
