package io.weir.runtime.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.weir.core.json.Json;
import io.weir.transport.tls.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The sink worker's SSE server: serves the job's output records to external consumers on {@code GET /}.
 *
 * <p>Query parameters: {@code clientId} (connections sharing one split the stream, round-robin over those
 * with room; different ids, and no id, each get every record), {@code slotId} (with {@code clientId}: a new
 * connection with a taken slot completes the old one), {@code sampleMSec} (at most one record per window;
 * the first record of each window wins), {@code heartbeatSec} or {@code heartbeatMSec} / {@code enablePings=true}
 * ({@code data: ping} at that interval, default {@link SinkConfig#defaultHeartbeatSeconds()}), {@code enableMetaMessages=true}
 * ({@code data: {"type":"meta","dropped":N}} first after one meta interval, then whenever N, the records
 * dropped for this connection since it connected, has changed), {@code mql} or its alias {@code criterion} (an MQL
 * query that filters and projects the connection's records; all connections of a {@code clientId} use the same
 * one; an aggregate query, with {@code window N}, sends each closed window's output records instead of records,
 * computed once per group), {@code subscriptionId} (connections with the same id share one query: the first binds it, the others
 * repeat it or send none), {@code token} (the read token, for clients that cannot set {@code Authorization}). A bad
 * parameter gets 400 {@code {"error": "..."}}, a query that conflicts with its group's or subscription's 409. With a
 * {@link SinkConfig#readToken()}, a request without {@code Authorization: Bearer <token>} or {@code ?token=<token>}
 * gets 401; beyond {@link SinkConfig#maxConsumers()} connected consumers, 503.
 *
 * <p>Threads: {@link #publish} from any thread and never blocks or waits for consumers: each consumer has a
 * bounded buffer ({@link SinkConfig#bufferRecords()}), and a record that finds it full is dropped and counted
 * for that consumer alone. Consumers' queries run in publish: a record is parsed once if any consumer has a
 * query, and each distinct query is evaluated once; consumers without one cost no parsing. Delivery to a
 * consumer runs on its connection's event loop; aggregate windows close on one timer thread per sink.
 */
public final class SinkServer implements AutoCloseable {

    /** Longest request line accepted: room for a {@value io.weir.mql.Mql#MAX_QUERY_LENGTH}-character query URL-encoded. */
    static final int MAX_REQUEST_LINE_BYTES = 16 * 1024;

    private final ObjectMapper json = Json.lenient();
    private final ConsumerRegistry registry;
    private final SinkMetrics metrics;
    private final DisposableServer server;
    private final WindowTimer timer;
    private volatile boolean closed;

    private SinkServer(ConsumerRegistry registry, SinkMetrics metrics, DisposableServer server, WindowTimer timer) {
        this.registry = registry;
        this.metrics = metrics;
        this.server = server;
        this.timer = timer;
    }

    /** Binds {@code config.host():config.port()} and serves until closed; returns once bound. */
    public static SinkServer start(SinkConfig config, MeterRegistry meters) {
        return start(config, meters, TlsConfig.disabled());
    }

    /** As above, serving HTTPS when {@code tls} is enabled. */
    public static SinkServer start(SinkConfig config, MeterRegistry meters, TlsConfig tls) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        var timer = new WindowTimer();
        var registry = new ConsumerRegistry(config.maxConsumers(), timer);
        var metrics = new SinkMetrics(meters, registry::consumers, timer::pending);
        var endpoint = new SseEndpoint(config, registry, new Subscriptions(), metrics);
        try {
            DisposableServer server = tls.applyTo(HttpServer.create())
                    .host(config.host())
                    .port(config.port())
                    .httpRequestDecoder(spec -> spec.maxInitialLineLength(MAX_REQUEST_LINE_BYTES))
                    .route(endpoint::register)
                    .bindNow(Duration.ofSeconds(10));
            return new SinkServer(registry, metrics, server, timer);
        } catch (RuntimeException e) {
            metrics.close();
            timer.close();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Connected consumers. */
    public int consumers() {
        return registry.consumers();
    }

    /** Scheduled ends of aggregate windows: one per connected consumer group with an aggregate query. */
    int windowTimers() {
        return timer.pending();
    }

    /** Offers one JSON record to every consumer group; never blocks. Any thread. */
    public void publish(String json) {
        Objects.requireNonNull(json, "json");
        publish(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Offers one UTF-8 encoded JSON record to every consumer group; the array must not change afterwards. */
    public void publish(byte[] jsonUtf8) {
        Objects.requireNonNull(jsonUtf8, "jsonUtf8");
        ConsumerGroup[] groups = registry.groups();
        if (groups.length == 0 || closed) {
            return;
        }
        var record = new PublishedRecord(jsonUtf8, json);
        long now = System.nanoTime();
        for (ConsumerGroup group : groups) {
            group.offer(record, now, metrics);
        }
    }

    /** Completes every consumer's stream and unbinds; idempotent. Blocks up to 5 s, so never call it on an event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.all().forEach(SinkConsumer::complete);
        server.disposeNow(Duration.ofSeconds(5));
        timer.close();
        metrics.close();
    }
}
