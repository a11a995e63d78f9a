package io.weir.runtime.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** A master stand-in that serves one job's scheduling info over SSE, as the test sets it. */
final class FakeDiscovery implements AutoCloseable {

    private final ObjectMapper json = Json.lenient();
    private final Sinks.Many<String> frames = Sinks.many().replay().latest();
    private final Map<Integer, WorkerAssignments> stages = new TreeMap<>();
    private final String jobId;
    private final DisposableServer server;

    FakeDiscovery(String jobId) {
        this.jobId = jobId;
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/assignmentresults/{id}", (req, res) -> res.sse().send(frames.asFlux().map(f -> io.netty.buffer.Unpooled.copiedBuffer(f, StandardCharsets.UTF_8)), b -> true)))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Declares a stage's size; its workers are added with {@link #started}. */
    synchronized void stage(int stage, int numWorkers) {
        var old = stages.get(stage);
        var hosts = new TreeMap<Integer, io.weir.core.model.WorkerHost>();
        if (old != null) {
            hosts.putAll(old.hosts());
        }
        stages.put(stage, new WorkerAssignments(stage, numWorkers, hosts));
    }

    synchronized void started(int stage, int workerNumber, int workerIndex, int port) {
        stages.get(stage).hosts().put(workerNumber,
                new WorkerHost("127.0.0.1", workerIndex, List.of(port), WorkerState.Started, workerNumber, null, null, List.of()));
        publish();
    }

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
