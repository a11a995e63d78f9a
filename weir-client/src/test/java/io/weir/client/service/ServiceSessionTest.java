package io.weir.client.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.service.ServiceSessionEvent.Kind;
import io.weir.client.testing.TcpProxy;
import io.weir.core.json.Json;
import io.weir.core.model.WorkerPorts;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.worker.WorkerContext;
import io.weir.master.testing.Heartbeater;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceControl;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceJob;
import io.weir.runtime.service.ServiceRequest;
import io.weir.runtime.worker.ServiceRunner;
import io.weir.runtime.worker.ServiceWorker;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.testing.NatsServerProcess;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Service sessions on a real master (its director) with two service workers in this JVM (over TCP, and on every plane
 * combination incl. NATS with a real nats-server, in one test): the serving
 * worker stops, or hangs behind a frozen proxy, mid-session; the session moves to the other worker and the application
 * gets every response once, in order, or, from a service that cannot resume, a told restart.
 */
class ServiceSessionTest {

    private static final Logger log = LoggerFactory.getLogger(ServiceSessionTest.class);
    private static final Map<String, String> TCP = Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_RESPONSE_PLANE", "tcp",
            "WEIR_TCP_POOL_MIN_IDLE", "0");

    /** Responses {@code t<position>} every 2 ms up to {@code count}, from any position: resumable unless told otherwise. */
    static final class Counting implements ServiceJob {
        private final boolean resumable;

        Counting(boolean resumable) {
            this.resumable = resumable;
        }

        @Override
        public ServiceHandler handler(JobContext context, ServiceControl control) {
            return new ServiceHandler() {
                @Override
                public Flux<byte[]> handle(ServiceRequest request, ServiceContext session) {
                    long count = Long.parseLong(request.param("count", "1000"));
                    return Flux.interval(Duration.ofMillis(2)).map(i -> session.resumePosition() + i).takeWhile(p -> p < count)
                            .map(p -> ("t" + p).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public boolean resumable() {
                    return resumable;
                }
            };
        }
    }

    /** One service worker: the runner, and the proxy its endpoint points at (or null). */
    record Worker(int number, ServiceWorker worker, TcpProxy proxy) {
    }

    @TempDir
    Path dataDir;
    private MasterFixture master;
    private WeirClient client;
    private ServiceClient services;
    private Heartbeater heartbeats;
    private NatsServerProcess nats;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<Integer, Worker> workers = new HashMap<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        client = WeirClient.create(WeirClientConfig.of(master.http().base()).withToken(TestSecrets.ADMIN_TOKEN));
        services = ServiceClient.create(client, TCP, meters);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        workers.values().forEach(w -> {
            w.worker().close();
            if (w.proxy() != null) {
                w.proxy().close();
            }
        });
        if (heartbeats != null) {
            heartbeats.close();
        }
        services.close();
        client.close();
        master.close();
        if (nats != null) {
            nats.close();
        }
    }

    /** Runs a job of a two-worker service cluster, its workers in this JVM, reported Started with their endpoints. */
    private String runService(ServiceJob job, boolean proxied) throws Exception {
        return runService(job, proxied, TCP);
    }

    /** As above, the workers serving the planes {@code planes} names. */
    private String runService(ServiceJob job, boolean proxied, Map<String, String> planes) throws Exception {
        TestHttp http = master.http();
        assertThat(http.post("/api/v1/jobClusters", "{\"name\":\"tokens\",\"jobClass\":\"test.Counting\",\"stages\":{\"1\":{\"numWorkers\":2}}}")
                .status()).isEqualTo(201);
        String jobId = http.post("/api/v1/jobClusters/tokens/jobs", "").body().get("jobId").asText();
        heartbeats = new Heartbeater(http, jobId);
        await().until(() -> http.get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").findValuesAsText("state")
                .equals(List.of("Launched", "Launched")));
        for (JsonNode w : http.get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers")) {
            int n = w.get("workerNumber").asInt();
            var config = TransportConfig.from(withPorts(planes), new Properties());
            ServiceWorker worker = ServiceRunner.start(job, new WorkerContext(jobId, n, 1, w.get("workerIndex").asInt(), 1, Map.of(), List.of(),
                    "127.0.0.1", http.base(), null, "127.0.0.1"), config);
            WorkerPorts ports = worker.ports();
            TcpProxy proxy = null;
            if (proxied) {
                TransportEndpoint served = ports.endpoints().get(0);
                boolean overHttp = served.address().startsWith("http://");
                URI uri = URI.create(overHttp ? served.address() : "tcp://" + served.address());
                proxy = new TcpProxy(uri.getPort());
                String address = (overHttp ? "http://" : "") + "127.0.0.1:" + proxy.port() + (overHttp ? uri.getPath() : "");
                var endpoint = new TransportEndpoint(served.transportId(), served.plane(), address, served.capabilities(),
                        served.metadata());
                ports = new WorkerPorts(ports.data(), ports.metricsPort(), ports.customPort(), List.of(endpoint));
            }
            workers.put(n, new Worker(n, worker, proxy));
            heartbeats.add(n);
            event(jobId, n, "\"state\":\"StartInitiated\"");
            event(jobId, n, "\"state\":\"Started\",\"host\":\"127.0.0.1\",\"ports\":" + Json.lenient().writeValueAsString(ports));
        }
        return jobId;
    }

    private static Map<String, String> withPorts(Map<String, String> planes) {
        var env = new HashMap<>(planes);
        env.put("WEIR_TCP_REQUEST_PORT", "0");
        env.put("WEIR_HTTP_RPC_PORT", "0");
        return env;
    }

    /** The client and worker settings of a plane combination {@code request/response}; nats starts a nats-server. */
    private Map<String, String> planes(String combination) {
        String[] p = combination.split("/");
        var settings = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", p[0], "WEIR_RESPONSE_PLANE", p[1], "WEIR_TCP_POOL_MIN_IDLE", "0",
                "WEIR_TCP_RESPONSE_HOST", "127.0.0.1", "WEIR_HTTP_RESPONSE_STREAM_FORMAT", "ndjson"));
        if (p[0].equals("nats")) {
            if (nats == null) {
                nats = NatsServerProcess.start();
            }
            settings.put("WEIR_NATS_URL", nats.url());
        }
        return settings;
    }

    private void event(String jobId, int n, String fields) {
        var res = master.http().post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + n + "," + fields + "}]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.body().get("results").get(0).get("outcome").asText()).as(res.text()).isEqualTo("ok");
    }

    /** The count of pool counter {@code name} for connections to {@code target} ({@code host:port}) of {@link #services}. */
    private double poolCount(String name, String target) {
        var counter = meters.find(name).tag("target", target).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Opens a session of {@code count} responses, collecting them and its events. */
    private Recording open(int count) {
        return open(services, count);
    }

    private Recording open(ServiceClient services, int count) {
        return open(services.session("tokens").sessionId("s-test"), count);
    }

    private Recording open(ServiceSession.Builder builder, int count) {
        var session = builder.parameter("count", String.valueOf(count)).open();
        var recording = new Recording(session);
        closeables.add(session::close);
        Disposable events = session.events().subscribe(recording.events::add);
        Disposable responses = session.responses().subscribe(recording.responses::add, recording.errors::add, () -> recording.completed = true);
        closeables.add(events::dispose);
        closeables.add(responses::dispose);
        return recording;
    }

    static final class Recording {
        final ServiceSession session;
        final List<ServiceResponse> responses = new CopyOnWriteArrayList<>();
        final List<ServiceSessionEvent> events = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        volatile boolean completed;

        Recording(ServiceSession session) {
            this.session = session;
        }

        int servingWorker() {
            return responses.get(responses.size() - 1).workerNumber();
        }

        List<Kind> kinds() {
            return events.stream().map(ServiceSessionEvent::kind).toList();
        }

        void assertEveryResponseOnceInOrder(int count) {
            assertThat(errors).isEmpty();
            assertThat(responses).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(responses.get(i).position()).isEqualTo(i);
                assertThat(new String(responses.get(i).data(), StandardCharsets.UTF_8)).isEqualTo("t" + i);
            }
        }

        long gapMillis() {
            return events.stream().filter(e -> e.kind() == Kind.RESUMED).findFirst()
                    .map(e -> Long.parseLong(e.detail().replaceAll(".*, (\\d+) ms after.*", "$1"))).orElse(-1L);
        }
    }

    @Test
    void aSessionWhoseWorkerStopsGoesOnOnTheOtherWorkerWithEveryResponseOnceInOrder() throws Exception {
        runService(new Counting(true), false);
        var r = open(1_500);
        await().until(() -> r.responses.size() >= 200);
        int first = r.servingWorker();
        workers.get(first).worker().close();

        await().atMost(Duration.ofSeconds(30)).until(() -> r.completed || !r.errors.isEmpty());
        r.assertEveryResponseOnceInOrder(1_500);
        assertThat(r.responses.get(r.responses.size() - 1).workerNumber()).as("served by the other worker").isNotEqualTo(first);
        assertThat(r.kinds()).containsSubsequence(Kind.ASSIGNED, Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED, Kind.COMPLETED);
        assertThat(r.events).allMatch(e -> e.sessionId().equals("s-test"));
        log.info("worker stopped: failover gap {} ms; events {}", r.gapMillis(), r.events);
    }

    @ParameterizedTest
    @EnumSource(Routing.class)
    void aSessionMovesToItsStandbyWithoutAskingSoItGoesOnWhileTheMasterIsDown(Routing routing) throws Exception {
        String jobId = runService(new Counting(true), false);
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().size() == 2)
                .blockFirst(Duration.ofSeconds(10));
        var r = open(services.session("tokens").routing(routing).sessionId("s-standby"), 1_500);
        await().until(() -> r.responses.size() >= 200);
        int first = r.servingWorker();
        int other = workers.keySet().stream().filter(n -> n != first).findFirst().orElseThrow();
        String standby = workers.get(other).worker().ports().endpoints().get(0).address();
        await().until(() -> poolCount("weir.tcp.pool.connections.opened", standby) == 1); // connected ahead
        heartbeats.close();
        master.close();

        workers.get(first).worker().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> r.completed || !r.errors.isEmpty());
        r.assertEveryResponseOnceInOrder(1_500);
        assertThat(r.responses.get(1_499).workerNumber()).as("served by the standby").isEqualTo(other);
        assertThat(poolCount("weir.tcp.pool.connections.opened", standby)).as("the failover used the connection made ahead").isEqualTo(1);
        assertThat(r.kinds()).containsSubsequence(Kind.ASSIGNED, Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED, Kind.COMPLETED);
        log.info("{}: moved to the standby with the master down: failover gap {} ms", routing, r.gapMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp/tcp", "http/http", "http/tcp", "nats/tcp"})
    void onEveryPlaneASessionWhoseWorkerStopsGoesOnWithEveryResponseOnceInOrder(String combination) throws Exception {
        runService(new Counting(true), false, planes(combination));
        try (var planeClient = ServiceClient.create(client, planes(combination), new SimpleMeterRegistry())) {
            var r = open(planeClient, 800);
            assertThat(planeClient.requestPlane().wireName()).isEqualTo(combination.split("/")[0]);
            await().until(() -> r.responses.size() >= 100);
            workers.get(r.servingWorker()).worker().close();
            await().atMost(Duration.ofSeconds(30)).until(() -> r.completed || !r.errors.isEmpty());
            r.assertEveryResponseOnceInOrder(800);
            assertThat(r.kinds()).containsSubsequence(Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED, Kind.COMPLETED);
            log.info("{}: failover gap {} ms", combination, r.gapMillis());
        }
    }

    @Test
    void routedByTheClientFromDiscoverySessionsTakeTheWorkersInTurnAndFailOverToo() throws Exception {
        String jobId = runService(new Counting(true), false);
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().size() == 2)
                .blockFirst(Duration.ofSeconds(10));
        var first = open(services.session("tokens").routing(Routing.ROUND_ROBIN).sessionId("s-a"), 600);
        var second = open(services.session("tokens").routing(Routing.ROUND_ROBIN).sessionId("s-b"), 600);
        await().until(() -> first.responses.size() >= 50 && second.responses.size() >= 50);
        assertThat(first.servingWorker()).as("in turn").isNotEqualTo(second.servingWorker());

        workers.get(first.servingWorker()).worker().close();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.completed || !first.errors.isEmpty());
        first.assertEveryResponseOnceInOrder(600);
        assertThat(first.kinds()).containsSubsequence(Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED, Kind.COMPLETED);
        assertThat(first.responses.get(599).workerNumber()).isEqualTo(second.responses.get(0).workerNumber());
    }

    @Test
    void routedByTheClientToTheLeastLoadedWorkerASessionGoesWhereThisClientHasFewestNotWhereTheTurnIs() throws Exception {
        String jobId = runService(new Counting(true), false);
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().size() == 2)
                .blockFirst(Duration.ofSeconds(10));
        var a = open(services.session("tokens").routing(Routing.LEAST_LOADED).sessionId("s-a"), 100_000);
        await().until(() -> !a.responses.isEmpty());
        var b = open(services.session("tokens").routing(Routing.LEAST_LOADED).sessionId("s-b"), 100_000);
        await().until(() -> !b.responses.isEmpty());
        assertThat(b.servingWorker()).as("the idle worker").isNotEqualTo(a.servingWorker());

        b.session.close();
        // in turn the third session would go to a's worker again; least loaded, it goes to the worker b left
        var c = open(services.session("tokens").routing(Routing.LEAST_LOADED).sessionId("s-c"), 100_000);
        await().until(() -> !c.responses.isEmpty());
        assertThat(c.servingWorker()).isEqualTo(b.servingWorker());
        var d = open(services.session("tokens").routing(Routing.LEAST_LOADED).sessionId("s-d"), 100_000);
        await().until(() -> !d.responses.isEmpty());
        var e = open(services.session("tokens").routing(Routing.LEAST_LOADED).sessionId("s-e"), 100_000);
        await().until(() -> !e.responses.isEmpty());
        assertThat(List.of(a.servingWorker(), c.servingWorker(), d.servingWorker(), e.servingWorker()))
                .as("two sessions on each worker").filteredOn(n -> n == a.servingWorker()).hasSize(2);
    }

    @Test
    void routedByTheClientSessionsSkipAWorkerThatDiscoverySaysIsUnavailable() throws Exception {
        String jobId = runService(new Counting(true), false);
        var numbers = List.copyOf(workers.keySet());
        int draining = numbers.get(0);
        int serving = numbers.get(1);
        event(jobId, draining, "\"load\":{\"sessions\":0,\"available\":false,\"reason\":\"draining\"}");
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().size() == 2
                && "draining".equals(info.workerAssignments().get(1).hosts().get(draining).unavailable())).blockFirst(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            var session = open(services.session("tokens").routing(Routing.ROUND_ROBIN).sessionId("s-" + i), 20);
            await().until(() -> session.completed || !session.errors.isEmpty());
            session.assertEveryResponseOnceInOrder(20);
            assertThat(session.servingWorker()).as("session %d: the worker discovery lists as available", i).isEqualTo(serving);
        }

        event(jobId, serving, "\"load\":{\"sessions\":0,\"available\":false,\"reason\":\"recovering\"}");
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().get(serving).unavailable() != null)
                .blockFirst(Duration.ofSeconds(10));
        var none = open(services.session("tokens").routing(Routing.ROUND_ROBIN).sessionId("s-none")
                .failoverTimeout(Duration.ofMillis(300)), 20);
        await().until(() -> !none.errors.isEmpty());
        assertThat(none.errors.get(0)).hasMessageContaining("worker " + draining + " is unavailable (draining)")
                .hasMessageContaining("worker " + serving + " is unavailable (recovering)");

        event(jobId, draining, "\"load\":{\"sessions\":0,\"available\":true}");
        client.discovery().schedulingInfo(jobId).filter(info -> info.workerAssignments().get(1).hosts().get(draining).unavailable() == null)
                .blockFirst(Duration.ofSeconds(10));
        var again = open(services.session("tokens").routing(Routing.ROUND_ROBIN).sessionId("s-again"), 20);
        await().until(() -> again.completed || !again.errors.isEmpty());
        assertThat(again.servingWorker()).isEqualTo(draining);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp/tcp", "http/http"})
    void aHungWorkerIsFoundByItsMissedPingsOrKeepAlivesAndTheSessionGoesOn(String combination) throws Exception {
        runService(new Counting(true), true, planes(combination));
        var planeClient = ServiceClient.create(client, planes(combination), new SimpleMeterRegistry());
        closeables.add(planeClient);
        var r = open(planeClient, 1_500);
        await().until(() -> r.responses.size() >= 200);
        int first = r.servingWorker();
        workers.get(first).proxy().freeze();

        await().atMost(Duration.ofSeconds(30)).until(() -> r.completed || !r.errors.isEmpty());
        r.assertEveryResponseOnceInOrder(1_500);
        assertThat(r.kinds()).containsSubsequence(Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED);
        log.info("worker hung: failover gap {} ms", r.gapMillis());
    }

    @Test
    void aServiceThatCannotResumeStartsOverAndTheApplicationIsTold() throws Exception {
        runService(new Counting(false), false);
        var r = open(600);
        await().until(() -> r.responses.size() >= 100);
        int first = r.servingWorker();
        workers.get(first).worker().close();

        await().atMost(Duration.ofSeconds(30)).until(() -> r.completed || !r.errors.isEmpty());
        assertThat(r.errors).isEmpty();
        assertThat(r.kinds()).containsSubsequence(Kind.DETECTED, Kind.RESTARTED, Kind.REASSIGNED, Kind.COMPLETED);
        var afterRestart = r.responses.stream().filter(x -> x.restarts() == 1).toList();
        assertThat(afterRestart).hasSize(600);
        assertThat(afterRestart.get(0).position()).isZero();
        assertThat(r.responses.stream().filter(x -> x.restarts() == 0).map(ServiceResponse::position).toList())
                .as("before the restart: in order, no duplicate").isSorted().doesNotHaveDuplicates();
    }
}
