package io.weir.master.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.buffer.ByteBuf;
import io.weir.transport.tls.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Reads one worker's record counters from its metrics server ({@code GET http(s)://host:metricsPort/metrics}, Prometheus
 * text): records in and out, and records dropped (by a source without credit, or by a sink for its consumers).
 */
final class WorkerMeters {

    static final int MAX_BYTES = 1 << 20;
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** A worker's counters since it started; {@code error} instead when its metrics server did not answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Counts(int workerNumber, Double recordsIn, Double recordsOut, Double dropped, String error) {
    }

    private final HttpClient client;
    private final String scheme;

    WorkerMeters(TlsConfig tls) {
        this.client = tls.applyTo(HttpClient.create()).responseTimeout(TIMEOUT);
        this.scheme = tls.scheme();
    }

    /** The counters of worker {@code workerNumber} whose metrics server is {@code host:port}; never fails. */
    Mono<Counts> read(int workerNumber, String host, int port) {
        return client.get().uri(scheme + "://" + host + ":" + port + "/metrics")
                .responseSingle((res, content) -> res.status().code() != 200
                        ? Mono.error(new IllegalStateException("answered " + res.status().code()))
                        : content.asByteArray().defaultIfEmpty(new byte[0]))
                .timeout(TIMEOUT.multipliedBy(2))
                .map(bytes -> {
                    if (bytes.length > MAX_BYTES) {
                        throw new IllegalStateException("answered more than " + MAX_BYTES + " bytes");
                    }
                    return parse(workerNumber, new String(bytes, StandardCharsets.UTF_8));
                })
                .onErrorResume(e -> Mono.just(new Counts(workerNumber, null, null, null,
                        "its metrics server at " + host + ":" + port + " did not answer (" + e.getMessage() + ")")));
    }

    /** Sums each counter over its labels. */
    static Counts parse(int workerNumber, String text) {
        double in = 0;
        double out = 0;
        double dropped = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int end = line.indexOf('{');
            if (end < 0) {
                end = line.indexOf(' ');
            }
            if (end < 0) {
                continue;
            }
            String name = line.substring(0, end);
            double value;
            try {
                value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            switch (name) {
                case "weir_worker_records_in_total" -> in += value;
                case "weir_worker_records_out_total" -> out += value;
                case "weir_source_dropped_records_total", "weir_sink_dropped_records_total" -> dropped += value;
                default -> {
                }
            }
        }
        return new Counts(workerNumber, in, out, dropped, null);
    }
}
