package io.weir.transport.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one transport on one plane. Thread-safe; meters are created once, here, so hot paths
 * only increment. Prometheus names: {@code weir_transport_requests_total}, {@code ..._errors_total},
 * {@code ..._active_streams}, {@code ..._bytes_in_total}, {@code ..._records_in_total}, {@code ..._credit_stalls_total}.
 */
public final class TransportMetrics {

    /** Why a transport operation failed, the {@code error_type} tag. */
    public enum ErrorType { PROTOCOL, TIMEOUT, CONNECTION, HANDLER, REFUSED }

    private final Counter requests;
    private final Timer requestLatency;
    private final Counter[] errors = new Counter[ErrorType.values().length];
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter recordsIn;
    private final Counter recordsOut;
    private final Counter creditStalls;

    /** Registers the meters of {@code transport} on {@code plane} in {@code registry}. */
    public TransportMetrics(MeterRegistry registry, TransportId transport, Plane plane) {
        Objects.requireNonNull(registry, "registry");
        String t = transport.wireName();
        String p = plane.wireName();
        requests = Counter.builder("weir.transport.requests").description("Requests (streams) opened on this transport and plane").tag("transport", t).tag("plane", p).register(registry);
        requestLatency = Timer.builder("weir.transport.request.latency").description("Time from opening a request to its first response").tag("transport", t).tag("plane", p)
                .register(registry);
        for (ErrorType type : ErrorType.values()) {
            errors[type.ordinal()] = Counter.builder("weir.transport.errors").description("Transport failures, by error type").tag("transport", t)
                    .tag("error_type", type.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("weir.transport.active.streams", activeStreams, Number::doubleValue)
                .description("Streams open now").tags(Tags.of("transport", t, "plane", p)).register(registry);
        bytesIn = Counter.builder("weir.transport.bytes.in").description("Bytes received").tag("transport", t).tag("plane", p).register(registry);
        bytesOut = Counter.builder("weir.transport.bytes.out").description("Bytes sent").tag("transport", t).tag("plane", p).register(registry);
        recordsIn = Counter.builder("weir.transport.records.in").description("Records received").tag("transport", t).tag("plane", p).register(registry);
        recordsOut = Counter.builder("weir.transport.records.out").description("Records sent").tag("transport", t).tag("plane", p)
                .register(registry);
        creditStalls = Counter.builder("weir.transport.credit.stalls").description("Times a sender waited because the receiver gave no credit (back-pressure)").tag("transport", t).tag("plane", p)
                .register(registry);
    }

    /** Meters in a private registry, for tests and tools that do not export metrics. */
    public static TransportMetrics noop(TransportId transport, Plane plane) {
        return new TransportMetrics(new SimpleMeterRegistry(), transport, plane);
    }

    /** Counts one request sent or served. */
    public void request() {
        requests.increment();
    }

    /** Time from sending a request to the end of its response. */
    public Timer requestLatency() {
        return requestLatency;
    }

    /** Counts one failure of {@code type}. */
    public void error(ErrorType type) {
        errors[type.ordinal()].increment();
    }

    /** Failures of {@code type} so far. */
    public double errors(ErrorType type) {
        return errors[type.ordinal()].count();
    }

    /** A stream opened on this transport. */
    public void streamOpened() {
        activeStreams.incrementAndGet();
    }

    /** A stream closed on this transport. */
    public void streamClosed() {
        activeStreams.decrementAndGet();
    }

    /** Streams open now. */
    public int activeStreams() {
        return activeStreams.get();
    }

    /** Counts bytes read from sockets. */
    public void bytesIn(long bytes) {
        bytesIn.increment(bytes);
    }

    /** Counts bytes handed to sockets. */
    public void bytesOut(long bytes) {
        bytesOut.increment(bytes);
    }

    /** Counts records received. */
    public void recordsIn(long records) {
        recordsIn.increment(records);
    }

    /** Counts records sent. */
    public void recordsOut(long records) {
        recordsOut.increment(records);
    }

    /** Counts one refused send for lack of credit. */
    public void creditStall() {
        creditStalls.increment();
    }

    /** Refused sends so far. */
    public double creditStalls() {
        return creditStalls.count();
    }
}
