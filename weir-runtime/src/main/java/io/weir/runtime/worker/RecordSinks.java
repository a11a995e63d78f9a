package io.weir.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.config.Settings;
import io.weir.core.json.Json;
import io.weir.core.security.JobTokens;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;
import io.weir.transport.tls.TlsConfig;

/** Creates the sink a job's last stage serves. */
final class RecordSinks {

    private RecordSinks() {
    }

    /** Connected sink consumers at most per worker; more get 503. */
    static final String MAX_CONSUMERS_VARIABLE = "WEIR_SINK_MAX_CONSUMERS";

    /**
     * An SSE sink bound to {@code host} at {@code port} (0 picks a free port); records are served as JSON. With a
     * {@code jobToken}, consumers need the job's sink token ({@link JobTokens#sinkToken}).
     */
    static RecordSink sse(String host, int port, String jobToken, MeterRegistry metrics) {
        ObjectMapper json = Json.lenient();
        int maxConsumers = Settings.fromProcess().intValue(MAX_CONSUMERS_VARIABLE, SinkConfig.DEFAULT_MAX_CONSUMERS, 1, 1_000_000);
        var config = SinkConfig.of(host, port).withMaxConsumers(maxConsumers)
                .withReadToken(jobToken == null ? null : JobTokens.sinkToken(jobToken));
        var server = SinkServer.start(config, metrics, TlsConfig.fromProcess());
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
