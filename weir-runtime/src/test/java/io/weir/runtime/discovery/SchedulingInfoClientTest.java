package io.weir.runtime.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.model.JobSchedulingInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServer;

class SchedulingInfoClientTest {

    @Test
    void followsEventsSkipsHeartbeatsReconnectsAndEndsWithTheJob() {
        var connections = new AtomicInteger();
        var server = HttpServer.create().host("127.0.0.1").port(0).route(r -> r.get("/assignmentresults/{id}", (req, res) -> {
            int n = connections.incrementAndGet();
            Flux<String> frames = n == 1
                    ? Flux.just("data: {\"jobId\":\"j-1\",\"workerAssignments\":{\"1\":{\"stage\":1,\"numWorkers\":1,\"hosts\":{}}}}\n\n",
                            "data: {\"jobId\":\"HB_JobId\",\"workerAssignments\":null}\n\n")
                    : Flux.just("data: {\"jobId\":\"j-1\",\"workerAssignments\":{\"1\":{\"stage\":1,\"numWorkers\":1,\"hosts\":{\"5\":"
                            + "{\"host\":\"h\",\"workerIndex\":0,\"port\":[7000],\"state\":\"Started\",\"workerNumber\":5}}}}}\n\n",
                            "data: {\"jobId\":\"j-1\",\"workerAssignments\":{}}\n\n");
            return res.sse().sendString(frames);
        })).bindNow();
        try {
            var client = new SchedulingInfoClient("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5));
            var events = client.follow("j-1").collectList().block(Duration.ofSeconds(10));
            assertThat(events).hasSize(3);
            assertThat(events.get(0).workerAssignments().get(1).hosts()).isEmpty();
            assertThat(events.get(1).workerAssignments().get(1).hosts().get(5).port()).containsExactly(7000);
            assertThat(events.get(2).isJobEnded()).isTrue();
            assertThat(events).noneMatch(JobSchedulingInfo::isHeartbeat);
            assertThat(connections.get()).isEqualTo(2);
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void presentsTheJobTokenAndKeepsRetryingWhileRefused() {
        var refused = new AtomicInteger();
        var server = HttpServer.create().host("127.0.0.1").port(0).route(r -> r.get("/assignmentresults/{id}", (req, res) -> {
            if (!"Bearer wj1.j-1.sig".equals(req.requestHeaders().get("Authorization"))) {
                refused.incrementAndGet();
                return res.status(401).sendString(reactor.core.publisher.Mono.just("{\"error\":\"missing credential\"}"));
            }
            return res.sse().sendString(Flux.just("data: {\"jobId\":\"j-1\",\"workerAssignments\":{}}\n\n"));
        })).bindNow();
        try {
            String url = "http://127.0.0.1:" + server.port();
            var events = new SchedulingInfoClient(url, Duration.ofSeconds(5), "wj1.j-1.sig", io.weir.transport.tls.TlsConfig.disabled()).follow("j-1").collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(events).singleElement().matches(JobSchedulingInfo::isJobEnded);
            assertThat(refused.get()).isZero();

            var seen = new java.util.concurrent.CopyOnWriteArrayList<JobSchedulingInfo>();
            var anonymous = new SchedulingInfoClient(url, Duration.ofSeconds(5)).follow("j-1").subscribe(seen::add);
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 3);
                assertThat(seen).isEmpty();
            } finally {
                anonymous.dispose();
            }
        } finally {
            server.disposeNow();
        }
    }
}
