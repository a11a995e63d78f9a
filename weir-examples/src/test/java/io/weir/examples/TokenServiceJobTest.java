package io.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.Parameters;
import io.weir.runtime.service.ServiceAvailability;
import io.weir.runtime.service.ServiceContext;
import io.weir.runtime.service.ServiceControl;
import io.weir.runtime.service.ServiceHandler;
import io.weir.runtime.service.ServiceRequest;
import io.weir.runtime.worker.ServiceRunner;
import io.weir.transport.config.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TokenServiceJobTest {

    private static ServiceHandler handler(Map<String, String> parameters, ServiceControl control) {
        var job = new TokenServiceJob();
        var context = new JobContext("tokens-1", 1, 1, 0, 1, Parameters.validate(job.parameters(), parameters),
                new SimpleMeterRegistry());
        return job.handler(context, control);
    }

    private static List<String> answer(ServiceHandler handler, String prompt, int count, long from) {
        var session = new ServiceContext("s", from, Optional.empty(), Mono.never(), null, new ServiceAvailability());
        return handler.handle(new ServiceRequest(Map.of("count", String.valueOf(count)), prompt.getBytes(StandardCharsets.UTF_8)),
                        session)
                .map(b -> new String(b, StandardCharsets.UTF_8)).collectList().block(Duration.ofSeconds(10));
    }

    private static ServiceControl control() {
        var availability = new ServiceAvailability();
        return new ServiceControl() {
            @Override
            public ServiceAvailability availability() {
                return availability;
            }

            @Override
            public void fail(String reason) {
            }
        };
    }

    @Test
    void tokensAreDeterministicNumberedAndResumable() {
        var handler = handler(Map.of("tokensPerSecond", "0"), control());
        List<String> all = answer(handler, "Tell me about rivers", 30, 0);
        assertThat(all).hasSize(30).startsWith(TokenServiceJob.token("Tell me about rivers", 0));
        assertThat(all).allSatisfy(t -> assertThat(t).matches("\\d+:[\\p{L}\\p{N}]+"));
        assertThat(all.get(7)).startsWith("7:");
        assertThat(answer(handler(Map.of("tokensPerSecond", "0"), control()), "Tell me about rivers", 30, 0))
                .isEqualTo(all);
        assertThat(answer(handler, "Tell me about rivers", 30, 12)).isEqualTo(all.subList(12, 30));
        assertThat(answer(handler, "Something else", 30, 0)).isNotEqualTo(all);
        assertThat(handler.resumable()).isTrue();
    }

    @Test
    void tokensLeaveAtTheRate() {
        var handler = handler(Map.of("tokensPerSecond", "100"), control());
        long start = System.nanoTime();
        assertThat(answer(handler, "p", 20, 0)).isEqualTo(TokenServiceJob.tokens("p", 0, 20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void aWorkerCoolsDownThenFailsAsAsked() {
        var config = TransportConfig.from(Map.of("WEIR_TCP_REQUEST_PORT", "0"), new Properties());
        var context = new WorkerContext("tokens-1", 1, 1, 0, 1,
                Map.of("failAfterSeconds", "2-2.2", "cooldownSeconds", "1.5"), List.of(), "127.0.0.1",
                "http://127.0.0.1:1", null, "127.0.0.1");
        try (var worker = ServiceRunner.start(new TokenServiceJob(), context, config)) {
            assertThat(worker.availability().reason()).contains("recovering");
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.availability().available());
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.completion().toCompletableFuture().isDone());
            assertThat(worker.completion().toCompletableFuture()).isCompletedExceptionally();
            assertThat(worker.availability().reason()).contains("worker stopping");
        }
    }
}
