package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.service.ServiceClient;
import io.weir.client.service.ServiceResponse;
import io.weir.client.service.ServiceSessionEvent;
import io.weir.client.service.ServiceSessionEvent.Kind;
import io.weir.examples.TokenServiceJob;
import io.weir.master.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * A token service's session on real processes (master, three agents, a worker process per agent): the serving worker's
 * process is killed with SIGKILL, then the next serving one frozen with SIGSTOP; the session goes on with every token
 * exactly once and in order, under one session id.
 */
class ServiceFailoverEndToEndTest {

    private static final Logger log = LoggerFactory.getLogger(ServiceFailoverEndToEndTest.class);
    private static final String PROMPT = "a river of tokens";
    private static final int COUNT = 1_500;

    @TempDir
    Path dataDir;

    @Test
    void aSessionKeepsEveryTokenInOrderThroughAKilledAndAFrozenWorker() throws Exception {
        var frozen = new ArrayList<ProcessHandle>();
        try (var cluster = LocalCluster.start(dataDir, 3);
             var client = WeirClient.create(WeirClientConfig.of(cluster.masterUrl()).withToken(TestSecrets.ADMIN_TOKEN));
             var services = ServiceClient.create(client, Map.of("WEIR_REQUEST_PLANE", "tcp", "WEIR_TCP_POOL_MIN_IDLE", "0"),
                     new SimpleMeterRegistry())) {
            var http = cluster.http();
            var created = http.post("/api/v1/jobClusters", "{\"name\":\"tokens\",\"jobClass\":\"io.weir.examples.TokenServiceJob\","
                    + "\"parameters\":{\"tokensPerSecond\":\"250\"},\"stages\":{\"1\":{\"numWorkers\":2,"
                    + "\"machine\":{\"cpuCores\":2,\"memoryMB\":256}}}}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String jobId = http.post("/api/v1/jobClusters/tokens/jobs", "").body().get("jobId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> startedWorkers(cluster, jobId) == 2);

            var session = services.session("tokens").body(PROMPT.getBytes(StandardCharsets.UTF_8)).parameter("count", String.valueOf(COUNT))
                    .open();
            var responses = new CopyOnWriteArrayList<ServiceResponse>();
            var events = new CopyOnWriteArrayList<ServiceSessionEvent>();
            var errors = new CopyOnWriteArrayList<Throwable>();
            var done = new boolean[1];
            Disposable e = session.events().subscribe(events::add);
            Disposable r = session.responses().subscribe(responses::add, errors::add, () -> done[0] = true);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> responses.size() >= 150);
                workerProcess(cluster, jobId, last(responses).workerNumber()).destroyForcibly();
                await().atMost(Duration.ofSeconds(30)).until(() -> count(events, Kind.RESUMED) == 1);
                int resumedAt = responses.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> responses.size() >= resumedAt + 150);
                // the killed worker's replacement must be serving, or the frozen one's gap would include its start
                await().atMost(Duration.ofSeconds(60)).until(() -> startedWorkers(cluster, jobId) == 2);

                var hung = workerProcess(cluster, jobId, last(responses).workerNumber());
                frozen.add(hung);
                signal(hung, "STOP");
                await().atMost(Duration.ofSeconds(60)).until(() -> count(events, Kind.RESUMED) == 2);
                await().atMost(Duration.ofSeconds(60)).until(() -> done[0] || !errors.isEmpty());
            } finally {
                r.dispose();
                e.dispose();
                session.close();
            }
            assertThat(errors).isEmpty();
            var expected = TokenServiceJob.tokens(PROMPT, 0, COUNT);
            assertThat(responses.stream().map(x -> new String(x.data(), StandardCharsets.UTF_8)).toList())
                    .as("every token once, in order").containsExactlyElementsOf(expected);
            assertThat(events).allMatch(x -> x.sessionId().equals(session.id()));
            assertThat(events.stream().map(ServiceSessionEvent::kind).toList()).containsSubsequence(Kind.ASSIGNED, Kind.DETECTED,
                    Kind.REASSIGNED, Kind.RESUMED, Kind.DETECTED, Kind.REASSIGNED, Kind.RESUMED, Kind.COMPLETED);
            events.stream().filter(x -> x.kind() != Kind.ASSIGNED && x.kind() != Kind.COMPLETED)
                    .forEach(x -> log.info("{} {} {}", x.at(), x.kind(), x.detail()));
        } finally {
            for (var p : frozen) {
                signal(p, "CONT");
            }
        }
    }

    private static ServiceResponse last(List<ServiceResponse> responses) {
        return responses.get(responses.size() - 1);
    }

    private static long count(List<ServiceSessionEvent> events, Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    private static long startedWorkers(LocalCluster cluster, String jobId) {
        var out = new ArrayList<JsonNode>();
        cluster.http().get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers").forEach(out::add);
        return out.stream().filter(w -> w.get("state").asText().equals("Started")).count();
    }

    /** The process of worker {@code n}: the one worker process under the agent it runs on. */
    private static ProcessHandle workerProcess(LocalCluster cluster, String jobId, int n) {
        String agent = null;
        for (JsonNode w : cluster.http().get("/api/v1/jobs/" + jobId).body().get("stages").get(0).get("workers")) {
            if (w.get("workerNumber").asInt() == n) {
                agent = w.get("taskExecutorId").asText();
            }
        }
        assertThat(agent).as("worker %d's agent", n).isNotNull();
        var children = ProcessHandle.of(cluster.agent(agent).pid()).orElseThrow().children().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("agent %s runs one worker process", agent).hasSize(1);
        return children.get(0);
    }

    private static void signal(ProcessHandle p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor();
    }
}
