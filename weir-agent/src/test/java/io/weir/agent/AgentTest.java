package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.agent.builtin.FailingWorker;
import io.weir.agent.builtin.MarkerWorker;
import io.weir.agent.builtin.PortHoldingWorker;
import io.weir.agent.testing.FakeMaster;
import io.weir.agent.testing.TestWorkers;
import io.weir.core.executor.PortRange;
import io.weir.core.executor.WorkerRef;
import io.weir.core.executor.WorkerReport;
import io.weir.core.model.ServiceLoad;
import io.weir.core.model.WorkerState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    /** The credential the master presents to agents. */
    static final String MASTER = "Bearer " + FakeMaster.SECRET.agentKey();
    private final List<Agent> agents = new ArrayList<>();
    private FakeMaster master;

    @BeforeEach
    void startMaster() {
        master = new FakeMaster();
    }

    @AfterEach
    void stopAll() {
        agents.forEach(Agent::close);
        master.close();
    }

    private AgentConfig config() {
        return AgentConfig.of(master.url()).withCluster("test").withHost("127.0.0.1").withBindHost("127.0.0.1")
                .withHeartbeat(50, 3).withRequestTimeoutMillis(1000).withSecret(FakeMaster.SECRET);
    }

    private Agent agent(AgentConfig config) {
        var agent = Agent.start(config);
        agents.add(agent);
        return agent;
    }

    private Agent registeredAgent() {
        var agent = agent(config());
        await().atMost(WAIT).until(agent::isRegistered);
        return agent;
    }

    private HttpResponse<String> assign(Agent agent, String jobId, int workerNumber, String jobClass, List<Integer> ports) throws Exception {
        return assign(agent, jobId, workerNumber, jobClass, null, ports);
    }

    static String assignment(String jobId, int workerNumber, String jobClass, String artifact, List<Integer> ports) {
        return "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber + ",\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"" + jobClass + "\"," + (artifact == null ? "" : "\"artifact\":\"" + artifact + "\",")
                + "\"parameters\":{},\"ports\":" + ports + "}";
    }

    HttpResponse<String> assign(Agent agent, String jobId, int workerNumber, String jobClass, String artifact, List<Integer> ports)
            throws Exception {
        return post(agent, assignment(jobId, workerNumber, jobClass, artifact, ports));
    }

    private HttpResponse<String> post(Agent agent, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).header("Authorization", MASTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Agent agent, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).header("Authorization", MASTER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServiceWorkerThatBecomesUnavailableOrAvailableIsReportedWithoutWaitingForTheNextHeartbeat() throws Exception {
        var agent = agent(config().withHeartbeat(60_000, 3));
        await().atMost(WAIT).until(agent::isRegistered);
        TestWorkers.Reporting.LOAD.set(ServiceLoad.available(0));
        assertThat(assign(agent, "svc-1", 1, TestWorkers.Reporting.class.getName(), List.of()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> master.states("svc-1", 1).contains(WorkerState.Started));

        // the next regular heartbeat is a minute away
        TestWorkers.Reporting.LOAD.set(ServiceLoad.unavailable(0, "draining"));
        await().atMost(Duration.ofSeconds(20)).until(() -> lastLoad("svc-1", 1) != null && !lastLoad("svc-1", 1).available());
        assertThat(lastLoad("svc-1", 1).reason()).isEqualTo("draining");
        TestWorkers.Reporting.LOAD.set(ServiceLoad.available(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> ServiceLoad.available(2).equals(lastLoad("svc-1", 1)));
        assertThat(master.heartbeats()).as("one heartbeat per change, no more").hasSizeLessThanOrEqualTo(2);
    }

    /** The load of the worker in the newest heartbeat that lists it, or null. */
    private ServiceLoad lastLoad(String jobId, int workerNumber) {
        var beats = master.heartbeats();
        for (int i = beats.size() - 1; i >= 0; i--) {
            for (var w : beats.get(i).workers()) {
                if (w.jobId().equals(jobId) && w.workerNumber() == workerNumber) {
                    return w.load();
                }
            }
        }
        return null;
    }

    @Test
    void registersItsResourcesPortsAttributesAndUrl() throws Exception {
        var agent = agent(config().withId("agent-a").withResources(2.5, 2048).withPorts(new PortRange(9000, 9009))
                .withAttributes(Map.of("zone", "a")));
        await().atMost(WAIT).until(() -> agent.registration().toCompletableFuture().isDone());

        var r = master.registrations().get(0);
        assertThat(master.calls().get(0).cluster()).isEqualTo("test");
        assertThat(r.id()).isEqualTo("agent-a").isEqualTo(agent.id());
        assertThat(r.host()).isEqualTo("127.0.0.1");
        assertThat(r.machine().cpuCores()).isEqualTo(2.5);
        assertThat(r.machine().memoryMB()).isEqualTo(2048);
        assertThat(r.machine().numPorts()).isEqualTo(10);
        assertThat(r.ports()).isEqualTo(new PortRange(9000, 9009));
        assertThat(r.attributes()).containsEntry("zone", "a");
        assertThat(r.agentUrl()).isEqualTo(agent.url()).isEqualTo("http://127.0.0.1:" + agent.port());
        assertThat(r.metricsUrl()).isEqualTo(agent.url() + "/metrics");
        assertThat(get(agent, "/healthz").body()).contains("\"registered\":true");
        assertThat(get(agent, "/metrics").body()).contains("weir_agent_heartbeats_total");
    }

    @Test
    void defaultIdIsHostBasedAndUniquePerAgent() {
        var a = agent(config());
        var b = agent(config());
        await().atMost(WAIT).until(() -> a.isRegistered() && b.isRegistered());
        assertThat(a.id()).endsWith("-" + a.port()).isNotEqualTo(b.id());
        assertThat(master.registrations()).extracting(r -> r.id()).contains(a.id(), b.id());
    }

    @Test
    void agentsOnOneHostWithoutPortsOfferDisjointBlocks() {
        var a = agent(config());
        var b = agent(config());
        await().atMost(WAIT).until(() -> a.isRegistered() && b.isRegistered());

        assertThat(a.ports().overlaps(b.ports())).isFalse();
        assertThat(a.ports().size()).isEqualTo(AgentConfig.PORT_BLOCK_SIZE - 1);
        assertThat(master.registrations()).filteredOn(r -> r.id().equals(a.id())).extracting(r -> r.ports()).containsOnly(a.ports());
        assertThat(master.registrations()).filteredOn(r -> r.id().equals(b.id())).extracting(r -> r.ports()).containsOnly(b.ports());
        assertThat(Ports.bindable(a.ports().from())).as("worker ports stay free for workers").isTrue();
    }

    @Test
    void retriesRegistrationUntilTheMasterAccepts() {
        master.registerStatus = 503;
        var agent = agent(config());
        await().atMost(WAIT).until(() -> master.registrations().size() >= 3);
        assertThat(agent.isRegistered()).isFalse();
        master.registerStatus = 200;
        await().atMost(WAIT).until(agent::isRegistered);
        await().atMost(WAIT).until(() -> !master.heartbeats().isEmpty());
    }

    @Test
    void registrationRefusedAsInvalidFailsTheRegistrationStage() {
        master.registerStatus = 400;
        var agent = agent(config());
        await().atMost(WAIT).until(() -> agent.registration().toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void heartbeatsCarryTheWorkersItRuns() throws Exception {
        var agent = registeredAgent();
        assertThat(assign(agent, "job-1", 7, PortHoldingWorker.class.getName(), List.of()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> master.heartbeats().stream().anyMatch(
                hb -> hb.id().equals(agent.id()) && hb.workers().contains(new WorkerReport("job-1", 7, WorkerState.Started))));
    }

    @Test
    void registersAgainAtOnceWhenTheMasterDoesNotKnowIt() {
        var agent = registeredAgent();
        await().atMost(WAIT).until(() -> master.heartbeats().size() >= 2);
        master.knowsAgent = false;
        await().atMost(WAIT).until(() -> master.registrations().size() >= 2);
        master.knowsAgent = true;
        await().atMost(WAIT).until(agent::isRegistered);
        // "at once": the call right after the refused heartbeat is the registration
        var actions = master.actions();
        int again = actions.lastIndexOf("registerTaskExecutor");
        assertThat(actions.get(again - 1)).isEqualTo("heartBeatFromTaskExecutor");
    }

    @Test
    void registersAgainWhenAHeartbeatIsAnswered404() {
        var agent = registeredAgent();
        master.heartbeatStatus = 404;
        await().atMost(WAIT).until(() -> master.registrations().size() >= 2);
        master.heartbeatStatus = 200;
        await().atMost(WAIT).until(agent::isRegistered);
    }

    @Test
    void registersAgainAfterThreeFailedHeartbeatsInARow() {
        registeredAgent();
        await().atMost(WAIT).until(() -> master.heartbeats().size() >= 1);
        master.heartbeatStatus = 503;
        await().atMost(WAIT).until(() -> master.calls().stream().anyMatch(c -> c.status() == 503)
                && master.registrations().size() >= 2);
        var calls = master.calls();
        int firstFailed = 0;
        while (calls.get(firstFailed).status() != 503) {
            firstFailed++;
        }
        // exactly three failed heartbeats in a row, then a registration
        assertThat(calls.subList(firstFailed, firstFailed + 4)).extracting(FakeMaster.Call::action)
                .containsExactly("heartBeatFromTaskExecutor", "heartBeatFromTaskExecutor", "heartBeatFromTaskExecutor",
                        "registerTaskExecutor");
    }

    @Test
    void assignmentReportsStartInitiatedThenStartedOnceThePortIsBound() throws Exception {
        var agent = registeredAgent();
        int port = Ports.free();
        assertThat(assign(agent, "job-1", 3, PortHoldingWorker.class.getName(), List.of(port)).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> master.states("job-1", 3).contains(WorkerState.Started));
        assertThat(master.states("job-1", 3)).containsExactly(WorkerState.StartInitiated, WorkerState.Started);
        var started = master.events("job-1", 3).get(1);
        assertThat(started.host()).isEqualTo("127.0.0.1");
        assertThat(started.ports().data()).containsExactly(port);
        assertThat(Ports.accepts(port)).isTrue();
        assertThat(agent.workers()).singleElement().satisfies(w -> {
            assertThat(w.state()).isEqualTo(WorkerState.Started);
            assertThat(w.ports().data()).containsExactly(port);
        });
        assertThat(get(agent, "/api/v1/workers").body()).contains("\"jobId\":\"job-1\"", "\"state\":\"Started\"");
    }

    @Test
    void aRepeatedAssignmentStartsNothingNew() throws Exception {
        var agent = registeredAgent();
        assertThat(assign(agent, "job-1", 1, PortHoldingWorker.class.getName(), List.of()).statusCode()).isEqualTo(202);
        assertThat(assign(agent, "job-1", 1, PortHoldingWorker.class.getName(), List.of()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> master.states("job-1", 1).contains(WorkerState.Started));
        assertThat(master.states("job-1", 1)).containsExactly(WorkerState.StartInitiated, WorkerState.Started);
        assertThat(agent.workers()).hasSize(1);
    }

    @Test
    void aWorkerThatThrowsIsFailedWithItsReasonAndTheAgentKeepsServing() throws Exception {
        var agent = registeredAgent();
        assertThat(assign(agent, "job-f", 1, FailingWorker.class.getName(), List.of()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> master.states("job-f", 1).contains(WorkerState.Failed));
        assertThat(master.states("job-f", 1)).containsExactly(WorkerState.StartInitiated, WorkerState.Failed);
        assertThat(master.events("job-f", 1).get(1).reason()).contains(FailingWorker.DEFAULT_MESSAGE);

        assertThat(get(agent, "/healthz").statusCode()).isEqualTo(200);
        assertThat(assign(agent, "job-ok", 2, PortHoldingWorker.class.getName(), List.of()).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> master.states("job-ok", 2).contains(WorkerState.Started));
        assertThat(agent.workers()).extracting(WorkerView::jobId).containsExactly("job-ok");
    }

    @Test
    void classesThatCannotRunFailWithAReasonNamingTheFix() throws Exception {
        var agent = registeredAgent();
        assign(agent, "job-x", 1, "no.such.Worker", List.of());
        assign(agent, "job-x", 2, "java.lang.String", List.of());
        assign(agent, "job-x", 3, TestWorkers.NoDefaultConstructor.class.getName(), List.of());
        await().atMost(WAIT).until(() -> master.events().stream().filter(e -> e.state() == WorkerState.Failed).count() == 3);
        assertThat(master.events("job-x", 1).get(1).reason()).contains("not on the agent's class path", "artifact");
        assertThat(master.events("job-x", 2).get(1).reason()).contains("does not implement io.weir.core.worker.WorkerEntryPoint");
        assertThat(master.events("job-x", 3).get(1).reason()).contains("public no-arg constructor");
    }

    @Test
    void aWorkerThatEndsIsReportedCompletedOrFailed() throws Exception {
        var agent = registeredAgent();
        assign(agent, "job-c", 1, TestWorkers.Completing.class.getName(), List.of());
        assign(agent, "job-c", 2, TestWorkers.Crashing.class.getName(), List.of());
        await().atMost(WAIT).until(() -> master.states("job-c", 1).contains(WorkerState.Completed)
                && master.states("job-c", 2).contains(WorkerState.Failed));
        assertThat(master.states("job-c", 1)).containsExactly(WorkerState.StartInitiated, WorkerState.Started, WorkerState.Completed);
        assertThat(master.states("job-c", 2)).containsExactly(WorkerState.StartInitiated, WorkerState.Started, WorkerState.Failed);
        assertThat(master.events("job-c", 2).get(2).reason()).contains("boom");
        await().atMost(WAIT).until(() -> agent.workers().isEmpty());
    }

    @Test
    void deleteStopsTheWorkerAndFreesItsPort() throws Exception {
        var agent = registeredAgent();
        int port = Ports.free();
        assign(agent, "job-d", 4, PortHoldingWorker.class.getName(), List.of(port));
        await().atMost(WAIT).until(() -> master.states("job-d", 4).contains(WorkerState.Started));

        var res = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/job-d/4")).header("Authorization", MASTER).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> Ports.bindable(port));
        await().atMost(WAIT).until(() -> master.states("job-d", 4).contains(WorkerState.Completed));
        assertThat(agent.workers()).isEmpty();
        var again = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/job-d/4")).header("Authorization", MASTER).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(202);
    }

    @Test
    void workersTheMasterNoLongerWantsAreStopped() throws Exception {
        var agent = registeredAgent();
        int viaHeartbeat = Ports.free();
        assign(agent, "job-s", 1, PortHoldingWorker.class.getName(), List.of(viaHeartbeat));
        await().atMost(WAIT).until(() -> master.states("job-s", 1).contains(WorkerState.Started));
        master.stopOnHeartbeat.add(new WorkerRef("job-s", 1));
        await().atMost(WAIT).until(() -> Ports.bindable(viaHeartbeat) && agent.workers().isEmpty());

        master.unknownWorkers.add(new WorkerRef("job-u", 2));
        assign(agent, "job-u", 2, PortHoldingWorker.class.getName(), List.of());
        await().atMost(WAIT).until(() -> master.states("job-u", 2).contains(WorkerState.Completed));
        assertThat(agent.workers()).isEmpty();
    }

    @Test
    void badAssignmentsAreRefusedWith400() throws Exception {
        var agent = registeredAgent();
        var missingClass = post(agent, "{\"jobId\":\"j\",\"workerNumber\":1,\"stage\":1,\"workerIndex\":0,\"totalStages\":1}");
        assertThat(missingClass.statusCode()).isEqualTo(400);
        assertThat(missingClass.body()).contains("\"error\":\"jobClass: missing");
        var malformed = post(agent, "{\"jobId\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"error\":");
        var badStage = post(agent, assignment("j", 1, PortHoldingWorker.class.getName(), null, List.of()).replace("\"stage\":1", "\"stage\":0"));
        assertThat(badStage.statusCode()).isEqualTo(400);
        assertThat(get(agent, "/nope").statusCode()).isEqualTo(404);
        assertThat(master.events()).isEmpty();
    }

    @Test
    void nullAndWrongTypedAssignmentFieldsAreA400NamingTheField() throws Exception {
        var agent = registeredAgent();
        String valid = assignment("j", 1, PortHoldingWorker.class.getName(), null, List.of(7001)).replace("\"parameters\":{}",
                "\"parameters\":{\"a\":\"b\"}");
        var cases = Map.of(
                "workerNumber", valid.replace("\"workerNumber\":1", "\"workerNumber\":null"),
                "stage", valid.replace("\"stage\":1", "\"stage\":\"one\""),
                "totalStages", valid.replace("\"totalStages\":1", "\"totalStages\":1.5"),
                "ports.0", valid.replace("[7001]", "[null]"),
                "ports", valid.replace("[7001]", "{}"),
                "parameters.a", valid.replace("{\"a\":\"b\"}", "{\"a\":null}"),
                "jobId", valid.replace("\"jobId\":\"j\"", "\"jobId\":[1]"));
        for (var c : cases.entrySet()) {
            var res = post(agent, c.getValue());
            assertThat(res.statusCode()).as(c.getValue() + " -> " + res.body()).isEqualTo(400);
            assertThat(res.body()).as(c.getValue()).contains("\"error\":\"" + c.getKey()).doesNotContain("Exception");
        }
        assertThat(post(agent, "null").body()).contains("\"error\":\"body: missing");
        assertThat(master.events()).isEmpty();
    }

    @Test
    void closeStopsAndReportsWorkersBeforeItDisconnects() throws Exception {
        var agent = registeredAgent();
        int p1 = Ports.free();
        int p2 = Ports.free();
        assign(agent, "job-z", 1, PortHoldingWorker.class.getName(), List.of(p1));
        assign(agent, "job-z", 2, PortHoldingWorker.class.getName(), List.of(p2));
        await().atMost(WAIT).until(() -> master.states("job-z", 1).contains(WorkerState.Started)
                && master.states("job-z", 2).contains(WorkerState.Started));

        agent.close();

        assertThat(Ports.bindable(p1)).isTrue();
        assertThat(Ports.bindable(p2)).isTrue();
        assertThat(master.states("job-z", 1)).endsWith(WorkerState.Failed);
        assertThat(master.states("job-z", 2)).endsWith(WorkerState.Failed);
        assertThat(master.events("job-z", 1).get(2).reason()).contains("shut down");
        var actions = master.actions();
        assertThat(actions.getLast()).isEqualTo("disconnectTaskExecutor");
        assertThat(master.disconnects()).singleElement().satisfies(d -> assertThat(d.id()).isEqualTo(agent.id()));
        var calls = master.calls();
        int lastFailedReport = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).body() instanceof io.weir.core.executor.TaskExecutorStatusChange c
                    && c.events().stream().anyMatch(e -> e.state() == WorkerState.Failed)) {
                lastFailedReport = i;
            }
        }
        assertThat(lastFailedReport).isBetween(0, actions.indexOf("disconnectTaskExecutor") - 1);
        assertThat(agent.workers()).isEmpty();
    }

    @Test
    void everyCallCarriesTheInstanceIdOfThisAgentProcess() throws Exception {
        var agent = registeredAgent();
        assign(agent, "job-i", 1, PortHoldingWorker.class.getName(), List.of());
        await().atMost(WAIT).until(() -> master.states("job-i", 1).contains(WorkerState.Started) && !master.heartbeats().isEmpty());
        agent.close();
        var other = registeredAgent();

        String instance = master.registrations().get(0).instanceId();
        assertThat(instance).isNotBlank();
        assertThat(master.heartbeats()).filteredOn(hb -> hb.id().equals(agent.id())).extracting(hb -> hb.instanceId()).containsOnly(instance);
        assertThat(master.statusChanges()).filteredOn(c -> c.id().equals(agent.id())).isNotEmpty()
                .extracting(c -> c.instanceId()).containsOnly(instance);
        assertThat(master.disconnects()).singleElement().satisfies(d -> assertThat(d.instanceId()).isEqualTo(instance));
        assertThat(master.registrations()).filteredOn(r -> r.id().equals(other.id())).extracting(r -> r.instanceId())
                .doesNotContain(instance).doesNotContainNull();
    }

    @Test
    void onlyTheMastersKeyMayAssignStopOrListWorkersAndARefusedAssignmentStartsNothing(@TempDir Path dir) throws Exception {
        var agent = registeredAgent();
        Path refusedMarker = dir.resolve("refused.started");
        String refused = markerAssignment("job-x", 1, refusedMarker);
        for (String credential : new String[] {null, "Bearer " + FakeMaster.SECRET.value(), "Bearer " + FakeMaster.SESSION,
            MASTER.substring(0, MASTER.length() - 1)}) {
            var request = HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).POST(HttpRequest.BodyPublishers.ofString(refused));
            if (credential != null) {
                request.header("Authorization", credential);
            }
            var res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(credential + ": " + res.body()).isEqualTo(401);
            assertThat(res.body()).contains("only this agent's master may call it");
        }
        var stop = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers/job-x/1")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(401);
        var list = http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/api/v1/workers")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(agent.url() + "/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        Path acceptedMarker = dir.resolve("accepted.started");
        assertThat(post(agent, markerAssignment("job-y", 1, acceptedMarker)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> Files.exists(acceptedMarker) && master.states("job-y", 1).contains(WorkerState.Started));
        assertThat(refusedMarker).doesNotExist();
        assertThat(master.events("job-x", 1)).isEmpty();
        assertThat(get(agent, "/api/v1/workers").body()).contains("job-y").doesNotContain("job-x");
        assertThat(get(agent, "/metrics").body()).contains("weir_http_requests_refused_total{reason=\"wrong_master_key\",server=\"agent\"} 6.0");
    }

    private static String markerAssignment(String jobId, int workerNumber, Path marker) {
        return "{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber + ",\"stage\":1,\"workerIndex\":0,\"totalStages\":1,"
                + "\"jobClass\":\"" + MarkerWorker.class.getName() + "\",\"parameters\":{\"marker\":\"" + marker + "\"},\"ports\":[]}";
    }

    @Test
    void callsPresentTheClusterSecretToRegisterAndTheSessionAfterwards() throws Exception {
        var agent = registeredAgent();
        assign(agent, "job-s", 1, PortHoldingWorker.class.getName(), List.of());
        await().atMost(WAIT).until(() -> master.states("job-s", 1).contains(WorkerState.Started) && master.heartbeats().size() >= 2);
        assertThat(master.actions()).noneMatch(a -> a.startsWith("unauthorized:"));
    }

    @Test
    void registersAgainAtOnceWhenTheMasterNoLongerKnowsItsSession() {
        var agent = registeredAgent();
        await().atMost(WAIT).until(() -> master.heartbeats().size() >= 1);
        master.heartbeatStatus = 401;
        await().atMost(WAIT).until(() -> master.registrations().size() >= 2);
        master.heartbeatStatus = 200;
        await().atMost(WAIT).until(agent::isRegistered);
        var actions = master.actions();
        int again = actions.lastIndexOf("registerTaskExecutor");
        assertThat(actions.get(again - 1)).as("the call right after the refused heartbeat").isEqualTo("heartBeatFromTaskExecutor");
        assertThat(agent.refusal().toCompletableFuture()).isNotDone();
    }

    @Test
    void aWrongClusterSecretIsFinalAndTheAgentStopsSayingSo() {
        var agent = agent(config().withSecret(io.weir.core.security.ClusterSecret.of("not-the-masters-secret-0123", "test")));

        assertThat(agent.refusal().toCompletableFuture()).succeedsWithin(WAIT).asString()
                .startsWith("the master refused this agent's cluster secret: missing or wrong credential");
        await().atMost(WAIT).until(() -> !Ports.accepts(agent.port()));
        assertThat(master.registrations()).isEmpty();
        assertThat(master.actions()).containsExactly("unauthorized:registerTaskExecutor");
    }

    @Test
    void aRegistrationRefusedAsAConflictIsFinalAndTheAgentStopsWithTheMastersSentence() {
        master.registerStatus = 409;
        master.error = "agent id a1 is in use by a live agent at http://10.0.0.9:7001: pick another --id, or stop that agent first";
        var agent = agent(config());

        assertThat(agent.refusal().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(master.error);
        assertThat(agent.registration().toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(AgentRefusedException.class).withMessage(master.error);
        await().atMost(WAIT).until(() -> !Ports.accepts(agent.port()));
        assertThat(master.registrations()).hasSize(1);
        assertThat(master.disconnects()).isEmpty();
    }

    @Test
    void anAgentWhoseIdWasTakenOverStopsItsWorkersAndFallsSilent() throws Exception {
        var agent = registeredAgent();
        int port = Ports.free();
        assign(agent, "job-t", 1, PortHoldingWorker.class.getName(), List.of(port));
        await().atMost(WAIT).until(() -> master.states("job-t", 1).contains(WorkerState.Started));

        master.error = "agent id " + agent.id() + " now belongs to another agent instance at http://10.0.0.9:7001: stop this agent";
        master.heartbeatStatus = 409;

        assertThat(agent.refusal().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(master.error);
        await().atMost(WAIT).until(() -> Ports.bindable(port) && !Ports.accepts(agent.port()));
        assertThat(agent.workers()).isEmpty();
        assertThat(master.disconnects()).as("it must not disconnect the instance that took its id").isEmpty();
    }

    @Test
    void aStatusReportRefusedAsAConflictStopsTheAgent() throws Exception {
        var agent = registeredAgent();
        master.error = "agent id " + agent.id() + " now belongs to another agent instance at http://10.0.0.9:7001: stop this agent";
        master.reportStatus = 409;
        assign(agent, "job-r", 1, PortHoldingWorker.class.getName(), List.of());

        assertThat(agent.refusal().toCompletableFuture()).succeedsWithin(WAIT).isEqualTo(master.error);
        await().atMost(WAIT).until(() -> !Ports.accepts(agent.port()));
        assertThat(master.disconnects()).isEmpty();
    }
}
