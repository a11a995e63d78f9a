package io.weir.bench.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.weir.core.json.Json;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A master stand-in for benchmarks: serves one job's scheduling info over SSE as workers are added. */
final class StaticDiscovery implements AutoCloseable {

    private final ObjectMapper json = Json.lenient();
    private final Sinks.Many<String> frames = Sinks.many().replay().latest();
    private final Map<Integer, WorkerAssignments> stages = new TreeMap<>();
    private final String jobId;
    private final DisposableServer server;

    StaticDiscovery(String jobId, int... stageSizes) {
        this.jobId = jobId;
        for (int i = 0; i < stageSizes.length; i++) {
            stages.put(i + 1, new WorkerAssignments(i + 1, stageSizes[i], new TreeMap<>()));
        }
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/assignmentresults/{id}", (req, res) -> res.sse()
                        .send(frames.asFlux().map(f -> Unpooled.copiedBuffer(f, StandardCharsets.UTF_8)), b -> true)))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized void started(int stage, int workerNumber, int workerIndex, int port) {
        stages.get(stage).hosts().put(workerNumber,
                new WorkerHost("127.0.0.1", workerIndex, List.of(port), WorkerState.Started, workerNumber, null, null, List.of()));
        publish();
    }

    /** A new target size for {@code stage}, as a scale action publishes it. */
    synchronized void resize(int stage, int numWorkers) {
        var old = stages.get(stage);
        stages.put(stage, new WorkerAssignments(stage, numWorkers, old.hosts()));
        publish();
    }

    /** The worker left (scale-down or failure). */
    synchronized void stopped(int stage, int workerNumber) {
        stages.get(stage).hosts().remove(workerNumber);
        publish();
    }

    private void publish() {
        try {
            var copy = new TreeMap<Integer, WorkerAssignments>();
            stages.forEach((k, v) -> copy.put(k, new WorkerAssignments(k, v.numWorkers(), new TreeMap<>(v.hosts()))));
            frames.tryEmitNext("data: " + json.writeValueAsString(new JobSchedulingInfo(jobId, copy)) + "\n\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
