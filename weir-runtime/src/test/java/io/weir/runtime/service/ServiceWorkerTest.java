package io.weir.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.security.JobTokens;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.ParameterDefinition;
import io.weir.runtime.worker.ServiceRunner;
import io.weir.runtime.worker.ServiceWorker;
import io.weir.transport.TransportException;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.planes.RpcClients;
import io.weir.transport.tcp.TcpChannels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

/**
 * A service job's worker started in this JVM, called through {@code RpcClients} on every plane combination: positioned
 * responses in order, resume, cancel, back-pressure, deadline, availability, endpoints and meters.
 */
class ServiceWorkerTest {

    /** Answers {@code count} responses {@code "<n>:<body>"}, one each {@code intervalMillis} (0: at once). */
    static final class EchoServiceJob implements ServiceJob {
        final AtomicInteger cancellations = new AtomicInteger();
        final AtomicInteger contextCancellations = new AtomicInteger();
        final AtomicReference<ServiceContext> lastContext = new AtomicReference<>();
        final AtomicReference<ServiceRequest> lastRequest = new AtomicReference<>();
        final boolean resumable;

        EchoServiceJob(boolean resumable) {
            this.resumable = resumable;
        }

        @Override
        public List<ParameterDefinition> parameters() {
            return List.of(ParameterDefinition.of("greeting", ParameterDefinition.Type.STRING, "hi", "unused"));
        }

        @Override
        public ServiceHandler handler(JobContext context, ServiceControl control) {
            return new ServiceHandler() {
                @Override
                public Flux<byte[]> handle(ServiceRequest request, ServiceContext session) {
                    lastContext.set(session);
                    lastRequest.set(request);
                    session.cancelled().subscribe(null, null, contextCancellations::incrementAndGet);
                    long count = Long.parseLong(request.param("count", "10"));
                    long interval = Long.parseLong(request.param("intervalMillis", "0"));
                    Flux<Long> positions = interval == 0
                            ? Flux.fromStream(LongStream.range(session.resumePosition(), count).boxed())
                            : Flux.interval(Duration.ofMillis(interval)).map(i -> i + session.resumePosition())
                                    .takeWhile(n -> n < count);
                    long failAt = Long.parseLong(request.param("failAt", "-1"));
                    return positions.map(n -> {
                        if (n == failAt) {
                            throw new IllegalStateException("no response " + n);
                        }
                        return (n + ":" + request.text()).getBytes(StandardCharsets.UTF_8);
                    }).doOnCancel(cancellations::incrementAndGet);
                }

                @Override
                public boolean resumable() {
                    return resumable;
                }
            };
        }
    }

    private final EventLoopGroup group = TcpChannels.newGroup(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ServiceWorker worker;
    private RpcClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (worker != null) {
            worker.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TransportConfig config(String request, String response, String format) {
        Map<String, String> env = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", request, "WEIR_RESPONSE_PLANE", response,
                "WEIR_HTTP_RESPONSE_STREAM_FORMAT", format, "WEIR_TCP_REQUEST_PORT", "0", "WEIR_HTTP_RPC_PORT", "0",
                "WEIR_TCP_RESPONSE_HOST", "127.0.0.1", "WEIR_TCP_POOL_MIN_IDLE", "0"));
        return TransportConfig.from(env, new Properties());
    }

    private static WorkerContext context() {
        return new WorkerContext("svc-1", 7, 1, 0, 1, Map.of(), List.of(), "127.0.0.1", "http://127.0.0.1:1", null,
                "127.0.0.1");
    }

    private InetSocketAddress start(EchoServiceJob job, TransportConfig config) {
        return start(job, config, context());
    }

    private InetSocketAddress start(EchoServiceJob job, TransportConfig config, WorkerContext context) {
        worker = ServiceRunner.start(job, context, config);
        client = RpcClients.create(config, StandardTransports.registry(), TransportCapabilities.NONE, group, registry,
                Clock.systemUTC());
        TransportEndpoint endpoint = worker.ports().endpoints().stream()
                .filter(e -> e.transportId() == config.requestPlane()).findFirst().orElseThrow();
        if (endpoint.transportId() == TransportId.HTTP) {
            URI uri = URI.create(endpoint.address());
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
        String[] hostPort = endpoint.address().split(":");
        return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    private static RpcRequest request(String body, Map<String, String> params) {
        return new RpcRequest(ServiceProtocol.ENDPOINT, params, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"tcp,tcp,sse", "http,http,sse", "http,http,ndjson", "http,http,binary", "http,tcp,sse"})
    void responsesArriveInOrderWithPositionsAndResumeFromAPosition(String request, String response, String format)
            throws Exception {
        var target = start(new EchoServiceJob(true), config(request, response, format));
        var all = new Responses();
        client.call(target, request("x", Map.of("count", "20", ServiceProtocol.SESSION, "s-1")), 1_000, all);
        assertThat(all.ended().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(all.positions()).containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
        assertThat(all.texts()).startsWith("0:x", "1:x").endsWith("19:x");

        var resumed = new Responses();
        client.call(target, request("x", Map.of("count", "20", ServiceProtocol.SESSION, "s-1", ServiceProtocol.FROM, "7")),
                1_000, resumed);
        assertThat(resumed.ended().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.positions()).containsExactlyElementsOf(LongStream.range(7, 20).boxed().toList());
        assertThat(resumed.texts()).containsExactlyElementsOf(all.texts().subList(7, 20));
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"tcp,tcp,sse", "http,http,sse", "http,http,ndjson", "http,tcp,sse"})
    void cancellingTheCallCancelsTheHandler(String request, String response, String format) {
        var job = new EchoServiceJob(true);
        var target = start(job, config(request, response, format));
        var responses = new Responses();
        Call call = client.call(target, request("c", Map.of("count", "100000", "intervalMillis", "5")), 1_000, responses);
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.records.size() >= 3);
        call.kill();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(job.cancellations).hasValue(1);
            assertThat(job.contextCancellations).hasValue(1);
            assertThat(worker.activeSessions()).isZero();
        });
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"tcp,tcp,sse", "http,http,sse", "http,http,ndjson", "http,tcp,sse"})
    void anUnavailableWorkerRefusesNewSessionsAndServesRunningOnes(String request, String response, String format)
            throws Exception {
        var target = start(new EchoServiceJob(true), config(request, response, format));
        var running = new Responses();
        client.call(target, request("r", Map.of("count", "40", "intervalMillis", "10")), 1_000, running);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.records.isEmpty());

        worker.availability().markUnavailable("draining");
        var refused = new Responses();
        client.call(target, request("n", Map.of("count", "5")), 1_000, refused);
        assertThat(refused.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("UNAVAILABLE: draining (retry another worker)");
        var resumed = new Responses();
        client.call(target, request("r", Map.of("count", "40", ServiceProtocol.FROM, "3")), 1_000, resumed);
        assertThat(resumed.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("UNAVAILABLE: draining");

        assertThat(running.ended().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(running.positions()).containsExactlyElementsOf(LongStream.range(0, 40).boxed().toList());

        worker.availability().markAvailable();
        var again = new Responses();
        client.call(target, request("a", Map.of("count", "2")), 1_000, again);
        assertThat(again.ended().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(again.texts()).containsExactly("0:a", "1:a");
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"tcp,tcp,sse", "http,tcp,sse"})
    void theHandlerSendsNoMoreThanTheCallerGrants(String request, String response, String format) throws Exception {
        var target = start(new EchoServiceJob(true), config(request, response, format));
        var responses = new Responses();
        Call call = client.call(target, request("b", Map.of("count", "200")), 5, responses);
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.records.size() == 5);
        assertThat(responses.ended()).isNotDone();
        call.request(1_000);
        assertThat(responses.ended().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(responses.positions()).containsExactlyElementsOf(LongStream.range(0, 200).boxed().toList());
    }

    @Test
    void aWorkerWithAJobTokenServesOnlyCallersWithTheJobsReadTokenAndHidesItFromTheHandler() {
        var job = new EchoServiceJob(true);
        String jobToken = new JobTokens("a cluster secret of the test".getBytes(StandardCharsets.UTF_8)).tokenFor("svc-1");
        var withToken = new WorkerContext("svc-1", 7, 1, 0, 1, Map.of(), List.of(), "127.0.0.1", "http://127.0.0.1:1", jobToken,
                "127.0.0.1");
        var target = start(job, config("tcp", "tcp", "sse"), withToken);
        var none = new Responses();
        client.call(target, request("x", Map.of()), 100, none);
        assertThat(none.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat().withMessageContaining("FORBIDDEN: no token");
        var wrong = new Responses();
        client.call(target, request("x", Map.of(ServiceProtocol.TOKEN, "guess")), 100, wrong);
        assertThat(wrong.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat().withMessageContaining("FORBIDDEN: not this job's token");
        var right = new Responses();
        client.call(target, request("x", Map.of(ServiceProtocol.TOKEN, JobTokens.sinkToken(jobToken), "count", "3")), 100, right);
        assertThat(right.ended()).succeedsWithin(Duration.ofSeconds(10));
        assertThat(right.positions()).containsExactly(0L, 1L, 2L);
        assertThat(job.lastRequest.get().params()).as("the handler never sees the token").doesNotContainKey(ServiceProtocol.TOKEN);
    }

    @Test
    void theDeadlineEndsTheSessionWithAClearError() {
        var job = new EchoServiceJob(true);
        var target = start(job, config("tcp", "tcp", "sse"));
        var responses = new Responses();
        client.call(target, request("d", Map.of("count", "100000", "intervalMillis", "5",
                ServiceProtocol.TIMEOUT_MILLIS, "300")), 1_000, responses);
        assertThat(responses.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("DEADLINE_EXCEEDED: the session's deadline of 300 ms passed after");
        assertThat(job.lastContext.get().deadline()).isPresent();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(job.cancellations).hasValue(1));
    }

    @Test
    void aHandlerThatIsNotResumableRefusesAPositionAndBadParametersAreNamed() {
        var target = start(new EchoServiceJob(false), config("tcp", "tcp", "sse"));
        var resumed = new Responses();
        client.call(target, request("x", Map.of(ServiceProtocol.FROM, "2")), 1_000, resumed);
        assertThat(resumed.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("NOT_RESUMABLE: this service cannot resume at position 2");
        var bad = new Responses();
        client.call(target, request("x", Map.of(ServiceProtocol.FROM, "-1")), 1_000, bad);
        assertThat(bad.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("BAD_REQUEST: from: -1 (expected: a number >= 0)");
    }

    @Test
    void theWorkerAdvertisesItsEndpointsAndCountsItsSessions() throws Exception {
        var config = TransportConfig.from(Map.of("WEIR_REQUEST_PLANE", "http", "WEIR_REQUEST_PLANE_FALLBACK", "tcp",
                "WEIR_RESPONSE_PLANE", "http", "WEIR_HTTP_RESPONSE_STREAM_FORMAT", "ndjson"), new Properties());
        var target = start(new EchoServiceJob(true), config);
        var ports = worker.ports();
        assertThat(ports.endpoints()).extracting(TransportEndpoint::transportId)
                .containsExactlyInAnyOrder(TransportId.HTTP, TransportId.TCP);
        var http = ports.endpoints().stream().filter(e -> e.transportId() == TransportId.HTTP).findFirst().orElseThrow();
        assertThat(http.address()).isEqualTo("http://127.0.0.1:" + target.getPort() + "/v1/rpc");
        assertThat(http.metadata()).containsEntry("service", "service").containsEntry("resumable", "true")
                .containsEntry("responsePlane", "http").containsEntry("format", "ndjson");
        var tcp = ports.endpoints().stream().filter(e -> e.transportId() == TransportId.TCP).findFirst().orElseThrow();
        assertThat(tcp.address()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        assertThat(ports.data()).containsExactly(target.getPort());

        var responses = new Responses();
        client.call(target, request("m", Map.of("count", "3")), 1_000, responses);
        assertThat(responses.ended().get(10, TimeUnit.SECONDS)).isTrue();
        worker.availability().markUnavailable("recovering");
        var refused = new Responses();
        client.call(target, request("m", Map.of("count", "3")), 1_000, refused);
        assertThat(refused.ended()).failsWithin(Duration.ofSeconds(10));
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("weir_service_sessions_active{job=\"svc-1\"} 0.0")
                .contains("weir_service_sessions_total{job=\"svc-1\",outcome=\"completed\"} 1.0")
                .contains("weir_service_responses_out_total{job=\"svc-1\"} 3.0")
                .contains("weir_service_sessions_refused_total{job=\"svc-1\",reason=\"unavailable\"} 1.0");
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"tcp,tcp,sse", "http,http,sse", "http,tcp,sse"})
    void aStoppingWorkerEndsItsRunningSessionsSoTheirCallersResumeElsewhere(String request, String response,
                                                                           String format) {
        var job = new EchoServiceJob(true);
        var target = start(job, config(request, response, format));
        var running = new Responses();
        client.call(target, request("s", Map.of("count", "100000", "intervalMillis", "5")), 1_000, running);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running.records.isEmpty());
        assertThat(job.lastContext.get().job().jobId()).isEqualTo("svc-1");
        worker.close();
        assertThat(running.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("UNAVAILABLE: worker stopping (retry another worker)");
        assertThat(worker.completion().toCompletableFuture()).isCompleted();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(job.cancellations).hasValue(1));
        assertThat(worker.availability().reason()).contains("worker stopping");
    }

    @Test
    void aFailingHandlerFailsTheSessionAfterTheResponsesItSent() {
        var target = start(new EchoServiceJob(true), config("tcp", "tcp", "sse"));
        var responses = new Responses();
        client.call(target, request("f", Map.of("count", "10", "failAt", "4")), 1_000, responses);
        assertThat(responses.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("FAILED: no response 4");
        assertThat(responses.positions()).containsExactly(0L, 1L, 2L, 3L);
        var bad = new Responses();
        client.call(target, request("f", Map.of("count", "ten")), 1_000, bad);
        assertThat(bad.ended()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("FAILED: For input string: \"ten\"");
    }

    @Test
    void theEnvelopeRoundTrips() {
        byte[] record = ServiceEnvelope.encode(42, "é\n\"x\"".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(record, StandardCharsets.US_ASCII)).startsWith("{\"position\":42,\"data\":\"");
        var envelope = ServiceEnvelope.decode(record);
        assertThat(envelope.position()).isEqualTo(42);
        assertThat(envelope.text()).isEqualTo("é\n\"x\"");
    }

    /** Collects decoded responses; completes true at the end, exceptionally on an error. */
    static final class Responses implements ResponseListener {
        final List<ServiceEnvelope> records = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Boolean> ended = new CompletableFuture<>();

        CompletableFuture<Boolean> ended() {
            return ended;
        }

        List<Long> positions() {
            return records.stream().map(ServiceEnvelope::position).toList();
        }

        List<String> texts() {
            return records.stream().map(ServiceEnvelope::text).toList();
        }

        @Override
        public void onRecord(byte[] record) {
            records.add(ServiceEnvelope.decode(record));
        }

        @Override
        public void onEnd() {
            ended.complete(true);
        }

        @Override
        public void onError(TransportException error) {
            ended.completeExceptionally(error);
        }
    }
}
